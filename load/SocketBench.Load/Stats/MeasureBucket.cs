using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SocketBench.Load.Stats;

/// <summary>
/// Counters and latency recorders for one scenario or one step. Written by every copy (lock-free),
/// read by the interval aggregator.
/// </summary>
internal sealed class MeasureBucket(string name)
{
    private long _ok;
    private long _fail;
    private long _okBytes;
    private long _failBytes;

    public string Name { get; } = name;

    public LatencyRecorder OkService { get; } = new();

    public LatencyRecorder OkResponse { get; } = new();

    public LatencyRecorder FailService { get; } = new();

    public ConcurrentDictionary<string, StrongBox<long>> Status { get; } = new(StringComparer.Ordinal);

    public long Ok => Volatile.Read(ref _ok);

    public long Fail => Volatile.Read(ref _fail);

    public long OkBytes => Volatile.Read(ref _okBytes);

    public long FailBytes => Volatile.Read(ref _failBytes);

    /// <summary>Records one response. <paramref name="responseUs"/> counts from the scheduled start.</summary>
    public void Record(in Response response, long serviceUs, long responseUs)
    {
        if (response.IsOk)
        {
            OkService.Record(serviceUs);
            OkResponse.Record(responseUs);
            Interlocked.Increment(ref _ok);
            Interlocked.Add(ref _okBytes, response.SizeBytes);
        }
        else
        {
            FailService.Record(serviceUs);
            Interlocked.Increment(ref _fail);
            Interlocked.Add(ref _failBytes, response.SizeBytes);
        }

        var box = Status.GetOrAdd(response.StatusCode ?? "", static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    public IReadOnlyDictionary<string, long> StatusSnapshot() =>
        Status.OrderByDescending(kv => kv.Value.Value).ToDictionary(kv => kv.Key, kv => Volatile.Read(ref kv.Value.Value), StringComparer.Ordinal);
}
