using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>A server's resident set, sampled every 50 ms from start to stop: the start and the peak.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly TargetServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    private RssSampler(TargetServer server, TimeProvider time)
    {
        _server = server;
        StartBytes = _peak = server.ResidentBytes ?? -1;
        _loop = SampleAsync(time);
    }

    public long StartBytes { get; }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long GrowthBytes => PeakBytes - StartBytes;

    public static RssSampler Start(TargetServer server, TimeProvider time) => new(server, time);

    /// <summary>For evidence: "start 12.3 MiB, peak 14.5 MiB".</summary>
    public string Describe() => $"start {StartBytes / 1024.0 / 1024:0.0} MiB, peak {PeakBytes / 1024.0 / 1024:0.0} MiB";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50), time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var now = _server.ResidentBytes ?? -1;
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
