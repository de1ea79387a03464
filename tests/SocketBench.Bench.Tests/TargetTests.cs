using SocketBench.Bench.Stats;

namespace SocketBench.Bench.Tests;

public class TargetTests
{
    private static readonly Target Faster = new("t", "s", "title", TargetKind.Ratio, "m", "a", "b", 0.95, Better.Higher, "x");

    private static List<Sample> Pairs(params (double A, double B)[] rounds) =>
        [.. rounds.SelectMany((r, i) => new[] { new Sample("m", "a", i + 1, r.A, "u"), new Sample("m", "b", i + 1, r.B, "u") })];

    [Test]
    public void Evaluate_RatioClearlyAbove_Met() =>
        Assert.That(Faster.Evaluate(Pairs((2.0, 1.0), (2.1, 1.0), (1.9, 1.0))).Verdict, Is.EqualTo(Verdict.Met));

    [Test]
    public void Evaluate_RatioClearlyBelow_Missed() =>
        Assert.That(Faster.Evaluate(Pairs((0.5, 1.0), (0.52, 1.0), (0.49, 1.0))).Verdict, Is.EqualTo(Verdict.Missed));

    [Test]
    public void Evaluate_RoundsSpreadAcrossTheTarget_Inconclusive() =>
        Assert.That(Faster.Evaluate(Pairs((0.6, 1.0), (1.4, 1.0), (0.9, 1.0), (1.1, 1.0))).Verdict, Is.EqualTo(Verdict.Inconclusive));

    [Test]
    public void Evaluate_PairsByRound_NotByOrder()
    {
        // Round 2 of b is missing: only round 1 pairs, so a single ratio of 2 (interval infinite).
        var samples = new List<Sample> { new("m", "a", 1, 2, "u"), new("m", "b", 1, 1, "u"), new("m", "a", 2, 0.1, "u") };

        var result = Faster.Evaluate(samples);

        Assert.That(result.Interval.Rounds, Is.EqualTo(1));
        Assert.That(result.Interval.Estimate, Is.EqualTo(2).Within(1e-9));
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void Evaluate_DifferenceLowerBetter_MetWhenWellUnder()
    {
        var added = new Target("p", "s", "title", TargetKind.Difference, "m", "a", "b", 100, Better.Lower, "us");

        Assert.That(added.Evaluate(Pairs((150, 100), (160, 100), (140, 100))).Verdict, Is.EqualTo(Verdict.Met));
        Assert.That(added.Evaluate(Pairs((350, 100), (360, 100), (340, 100))).Verdict, Is.EqualTo(Verdict.Missed));
    }

    [Test]
    public void Evaluate_NothingMeasured_NotMeasured() =>
        Assert.That(Faster.Evaluate([]).Verdict, Is.EqualTo(Verdict.NotMeasured));

    [Test]
    public void All_EveryTargetNamesAKnownSection() =>
        Assert.That(Targets.All.Select(t => t.Section).Distinct(), Is.SubsetOf(BenchOptions.Sections));
}
