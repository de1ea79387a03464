using SocketBench.Bench.Sections;

namespace SocketBench.Bench.Tests;

[TestFixture]
[Category("unit")]
public sealed class ThroughputPlanTests
{
    [Test]
    public void For_NineRounds_TwentySevenDevNullRoundsAndNineFullOnesSpreadEvenly()
    {
        var plan = ThroughputPlan.For(9);

        Assert.That(plan.Select(p => p.Round), Is.EqualTo(Enumerable.Range(1, 27)));
        Assert.That(plan.All(p => p.Sinks.Contains(Sink.DevNull)), Is.True);
        Assert.That(plan.Where(p => p.Full).Select(p => p.Round), Is.EqualTo(new[] { 1, 4, 7, 10, 13, 16, 19, 22, 25 }));
        Assert.That(plan.Where(p => p.Sinks.Contains(Sink.Pipe)).Select(p => p.Round), Is.EqualTo(plan.Where(p => p.Full).Select(p => p.Round)));
    }

    [Test]
    public void For_NineRounds_PythonAndPeersInTheFirstThreeFullRoundsOnly()
    {
        var plan = ThroughputPlan.For(9);

        Assert.That(plan.Where(p => p.Python).Select(p => p.Round), Is.EqualTo(new[] { 1, 4, 7 }));
        Assert.That(plan.Where(p => p.Peers).Select(p => p.Round), Is.EqualTo(new[] { 1, 4, 7 }));
    }

    [Test]
    public void For_FullRounds_AlternateTheirParitySoTheOrderFlips()
    {
        var full = ThroughputPlan.For(4).Where(p => p.Full).Select(p => p.Round % 2).ToList();

        Assert.That(full, Is.EqualTo(new[] { 1, 0, 1, 0 }));
    }

    [Test]
    public void For_ZeroRounds_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputPlan.For(0));
}
