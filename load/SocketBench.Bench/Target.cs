using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

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
