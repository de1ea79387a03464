using System.Diagnostics;
using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

/// <summary>One bench run's shared state: options, samples, failures, the work folder, progress lines.</summary>
public sealed class BenchRun : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Sample> _samples = [];
    private readonly List<string> _failures = [];

    public BenchRun(BenchOptions options)
    {
        Options = options;
        // Large inputs live in memory (/dev/shm) when it exists, so disk speed is not measured.
        var shm = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        WorkDir = Path.Combine(shm, $"socketbench-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(WorkDir);
    }

    public BenchOptions Options { get; }

    /// <summary>Gets a scratch folder (in memory when /dev/shm exists), deleted at the end.</summary>
    public string WorkDir { get; }

    public IReadOnlyList<Sample> Samples => _samples;

    public IReadOnlyList<string> Failures => _failures;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Add(string measure, string subject, int round, double value, string unit) =>
        _samples.Add(new Sample(measure, subject, round, value, unit));

    public void Fail(string what)
    {
        _failures.Add(what);
        Log($"FAILED: {what}");
    }

    public void Log(string line) => Console.Error.WriteLine($"[bench {_clock.Elapsed.TotalSeconds,4:0}s] {line}");

    /// <summary>A file of <paramref name="bytes"/> random bytes in the work folder (made once per size).</summary>
    public string DataFile(long bytes)
    {
        var path = Path.Combine(WorkDir, $"data-{bytes}");
        if (!File.Exists(path))
        {
            var random = new Random(42);
            var block = new byte[1 << 20];
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            for (var left = bytes; left > 0; left -= block.Length)
            {
                random.NextBytes(block);
                file.Write(block, 0, (int)Math.Min(left, block.Length));
            }
        }

        return path;
    }

    /// <summary>Runs one measurement; a failure is recorded and the run goes on.</summary>
    public async Task TryAsync(string what, Func<Task> measure)
    {
        try
        {
            await measure().ConfigureAwait(false);
        }
        catch (Exception e) when (e is BenchException or IOException or InvalidOperationException or Processes.ServerStartException or HttpRequestException or TimeoutException)
        {
            Fail($"{what}: {e.Message}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
