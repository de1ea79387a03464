namespace SocketBench.Load.Tests;

[TestFixture]
[Category("unit")]
public sealed class ThresholdTests
{
    [TestCase(120, 200, true)]
    [TestCase(120, 120, false)]
    [TestCase(250, 200, false)]
    public void P99Below_ComparesOkResponseP99(double p99, double limit, bool passed)
    {
        var check = Threshold.P99Below(limit).Evaluate(StatsFixtures.Scenario(p99: p99));

        Assert.That(check.Passed, Is.EqualTo(passed));
        Assert.That(check.Actual, Does.Contain("ms"));
    }

    [TestCase(5, 10, true)]
    [TestCase(5, 5, false)]
    public void FailPercentBelow_ComparesFailShare(long fail, double limit, bool passed)
    {
        var check = Threshold.FailPercentBelow(limit).Evaluate(StatsFixtures.Scenario(ok: 95, fail: fail));

        Assert.That(check.Passed, Is.EqualTo(passed));
        Assert.That(check.Actual, Does.Contain($"({fail} of 100)"));
    }

    [TestCase(9.5, true)]
    [TestCase(9.6, false)]
    public void RpsAtLeast_ComparesOkRate(double limit, bool passed) =>
        Assert.That(Threshold.RpsAtLeast(limit).Evaluate(StatsFixtures.Scenario(ok: 95, seconds: 10)).Passed, Is.EqualTo(passed));

    [Test]
    public void EnsurePassed_FailedThreshold_ThrowsReadableTable()
    {
        var stats = StatsFixtures.Scenario(name: "open", p99: 900);
        var scenario = Scenario.Create("open", _ => ValueTask.FromResult(Response.Ok()))
            .WithThresholds(Threshold.P99Below(500), Threshold.FailPercentBelow(50), Threshold.Create("throws", _ => throw new InvalidOperationException("boom")));
        var checks = LoadRunner.Check(scenario, stats);
        var result = new RunResult("t", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), [stats], checks);

        var ex = Assert.Throws<ThresholdFailedException>(result.EnsurePassed);

        Assert.That(result.Passed, Is.False);
        Assert.That(checks.Count(c => c.Passed), Is.EqualTo(1));
        Assert.That(ex!.Message, Does.Contain("| open | p99 < 500 ms | 900 ms |"));
        Assert.That(ex.Message, Does.Contain("threw InvalidOperationException: boom"));
        Assert.That(ex.Message, Does.Not.Contain("fail % < 50"));
    }

    [Test]
    public void EnsurePassed_AllPassed_DoesNotThrow()
    {
        var stats = StatsFixtures.Scenario();
        var result = new RunResult("t", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), [stats], [new ThresholdResult("s", "x", true, "1")]);

        Assert.DoesNotThrow(result.EnsurePassed);
    }
}
