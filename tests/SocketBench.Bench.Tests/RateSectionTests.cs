using SocketBench.Bench.Sections;

namespace SocketBench.Bench.Tests;

[TestFixture]
[Category("unit")]
public sealed class RateSectionTests
{
    [Test]
    public void ServersFor_TwentySevenRounds_JudgedPairEveryRoundPythonInNine()
    {
        var rounds = new BenchOptions().CloseRounds;
        var plan = Enumerable.Range(1, rounds).Select(RateSection.ServersFor).ToList();

        Assert.That(rounds, Is.EqualTo(27));
        Assert.That(plan.Count(p => p.Contains("c") && p.Contains("csharp")), Is.EqualTo(27));
        Assert.That(Enumerable.Range(1, rounds).Where(r => plan[r - 1].Contains("python")), Is.EqualTo(new[] { 1, 4, 7, 10, 13, 16, 19, 22, 25 }));
    }

    [Test]
    public void ServersFor_ConsecutiveRounds_FlipTheOrder()
    {
        Assert.That(RateSection.ServersFor(1), Is.EqualTo(new[] { "c", "csharp", "python" }));
        Assert.That(RateSection.ServersFor(2), Is.EqualTo(new[] { "csharp", "c" }));
        Assert.That(RateSection.ServersFor(3), Is.EqualTo(new[] { "c", "csharp" }));
        Assert.That(RateSection.ServersFor(4), Is.EqualTo(new[] { "python", "csharp", "c" }));
    }

    [Test]
    public void ServersFor_RoundZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RateSection.ServersFor(0));
}
