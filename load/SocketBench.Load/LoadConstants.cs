namespace SocketBench.Load;

/// <summary>Defaults of the runner, in one place.</summary>
internal static class LoadConstants
{
    /// <summary>Default percentiles: p50, p75, p95, p99, p99.9.</summary>
    public static readonly IReadOnlyList<double> DefaultPercentiles = [50, 75, 95, 99, 99.9];

    public const int DefaultMaxInFlight = 1000;

    /// <summary>Highest latency a histogram tracks: 10 minutes in microseconds; larger values are clamped.</summary>
    public const long HighestMicroseconds = 600_000_000;

    public const int SignificantDigits = 3;

    /// <summary>How often closed ramps recompute the copy count (NBomber: 1 s).</summary>
    public static readonly TimeSpan RampStep = TimeSpan.FromSeconds(1);

    /// <summary>Shortest open-model dispatch tick; arrivals due within one tick start together.</summary>
    public static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest open-model dispatch tick.</summary>
    public static readonly TimeSpan MaxTick = TimeSpan.FromMilliseconds(10);

    /// <summary>Tick of the closed-model phase loop (phase ends, ramp steps).</summary>
    public static readonly TimeSpan ClosedTick = TimeSpan.FromMilliseconds(50);

    public static readonly TimeSpan DefaultReportingInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultCompletionTimeout = TimeSpan.FromSeconds(10);
}
