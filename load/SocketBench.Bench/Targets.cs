using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

/// <summary>Which side of the threshold is good.</summary>
public enum Better
{
    Higher,
    Lower,
}

/// <summary>How a target compares its samples.</summary>
public enum TargetKind
{
    /// <summary>Subject over Against, round by round (geometric mean of the per-round ratios).</summary>
    Ratio,

    /// <summary>Subject minus Against, round by round (mean of the per-round differences).</summary>
    Difference,

    /// <summary>The subject's own values (mean).</summary>
    Bound,
}

/// <summary>One performance target of the bench: what is compared, and the line it must be on the right side of.</summary>
public sealed record Target(string Id, string Section, string Title, TargetKind Kind, string Measure, string Subject, string? Against, double Threshold, Better Better, string Unit)
{
    /// <summary>Evaluates the target over this run's samples.</summary>
    public TargetResult Evaluate(IReadOnlyList<Sample> samples)
    {
        var values = PerRound(samples);
        if (values.Count == 0)
        {
            return new TargetResult(this, new Interval(double.NaN, double.NaN, double.NaN, 0), Verdict.NotMeasured);
        }

        var interval = Kind == TargetKind.Ratio ? Interval.GeometricMean(values) : Interval.Mean(values);
        return new TargetResult(this, interval, Judge(interval));
    }

    private List<double> PerRound(IReadOnlyList<Sample> samples)
    {
        var mine = RoundValues(samples, Subject);
        if (Kind == TargetKind.Bound)
        {
            return [.. mine.Values];
        }

        var theirs = RoundValues(samples, Against!);
        return [.. mine.Where(kv => theirs.ContainsKey(kv.Key))
            .Select(kv => Kind == TargetKind.Ratio ? kv.Value / theirs[kv.Key] : kv.Value - theirs[kv.Key])
            .Where(double.IsFinite)];
    }

    /// <summary>The subject's median per round (several samples in a round count as one).</summary>
    private Dictionary<int, double> RoundValues(IReadOnlyList<Sample> samples, string subject) =>
        samples.Where(s => s.Measure == Measure && s.Subject == subject)
            .GroupBy(s => s.Round)
            .ToDictionary(g => g.Key, g => Summary.Of(g.Select(s => s.Value)).Median);

    private Verdict Judge(Interval i) => Better == Better.Higher
        ? i.Low >= Threshold ? Verdict.Met : i.High < Threshold ? Verdict.Missed : Verdict.Inconclusive
        : i.High <= Threshold ? Verdict.Met : i.Low > Threshold ? Verdict.Missed : Verdict.Inconclusive;
}

/// <summary>A target's estimate, interval and verdict in one run.</summary>
public sealed record TargetResult(Target Target, Interval Interval, Verdict Verdict);

/// <summary>The targets `make bench` reports on (README "Performance"; issues 13 and 14).</summary>
public static class Targets
{
    public static IReadOnlyList<Target> All { get; } =
    [
        new("tput-devnull", "throughput", "C# pair vs C pair, 1 GiB, server stdout to /dev/null", TargetKind.Ratio, Measures.TputDevNull, "csharp", "c", 0.95, Better.Higher, "x"),
        new("tput-pipe", "throughput", "C# pair vs C pair, 1 GiB, server stdout into a pipe", TargetKind.Ratio, Measures.TputPipe, "csharp", "c", 0.95, Better.Higher, "x"),
        new("start-vs-c", "startup", "C# client start-to-exit vs the C client (2 bytes)", TargetKind.Ratio, Measures.Start, "csharp", "c", 3.0, Better.Lower, "x"),
        new("start-vs-python", "startup", "C# client start-to-exit vs the Python client (2 bytes)", TargetKind.Ratio, Measures.Start, "csharp", "python", 0.5, Better.Lower, "x"),
        new("rate", "rate", "C# server connection rate vs the C server (64 B, fresh connections)", TargetKind.Ratio, Measures.Rate, "csharp", "c", 0.9, Better.Higher, "x"),
        new("client-rss", "throughput", "C# client peak RSS, 1 GiB message", TargetKind.Bound, Measures.ClientRss, "csharp 1GiB", null, 30, Better.Lower, "MiB"),
        new("client-rss-flat", "throughput", "C# client peak RSS, 1 GiB vs 1 KiB message", TargetKind.Ratio, Measures.ClientRss, "csharp 1GiB", "csharp 1KiB", 1.10, Better.Lower, "x"),
        new("load", "load", "load runner (11 copies) vs cloadgen -c 11, against the C server", TargetKind.Ratio, Measures.LoadRate, "bin/load", "cloadgen", 0.9, Better.Higher, "x"),
        new("proxy-fresh", "proxy", "fresh connections through the proxy vs direct (rate)", TargetKind.Ratio, Measures.ProxyRate, "proxy", "direct", 0.5, Better.Higher, "x"),
        new("proxy-p50", "proxy", "fresh-connection round trip p50 added by the proxy", TargetKind.Difference, Measures.ProxyP50, "proxy", "direct", 100, Better.Lower, "us"),
        new("proxy-bulk", "proxy", "bulk throughput through the proxy vs direct (C pair)", TargetKind.Ratio, Measures.ProxyTput, "proxy", "direct", 0.9, Better.Higher, "x"),
    ];
}
