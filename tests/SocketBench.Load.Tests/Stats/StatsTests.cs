using SocketBench.Load.Stats;

namespace SocketBench.Load.Tests.Stats;

[TestFixture]
[Category("unit")]
public sealed class StatsTests
{
    private static readonly double[] Percentiles = [50, 75, 95, 99, 99.9];

    [Test]
    public void Latency_OneToThousandMs_PercentilesWithinHdrPrecision()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.Record(ms * 1000L);
        }

        recorder.TakeInterval();
        var stats = StatsCalculator.Latency(recorder.Total, Percentiles);

        Assert.That(stats.Count, Is.EqualTo(1000));
        Assert.That(stats.P(50), Is.EqualTo(500).Within(0.1).Percent);
        Assert.That(stats.P(75), Is.EqualTo(750).Within(0.1).Percent);
        Assert.That(stats.P(95), Is.EqualTo(950).Within(0.1).Percent);
        Assert.That(stats.P(99), Is.EqualTo(990).Within(0.1).Percent);
        Assert.That(stats.P(99.9), Is.EqualTo(999).Within(0.1).Percent);
        Assert.That(stats.MinMs, Is.EqualTo(1).Within(0.1).Percent);
        Assert.That(stats.MaxMs, Is.EqualTo(1000).Within(0.1).Percent);
        Assert.That(stats.MeanMs, Is.EqualTo(500.5).Within(0.1).Percent);
    }

    /// <summary>
    /// Copies record from many threads at once (issue 11): every value must be counted, in the
    /// interval and in the total, and the percentiles must not throw on an inconsistent histogram.
    /// Writers start together on dedicated threads and record to a few hot buckets, so increments
    /// collide; a non-concurrent histogram loses some of them.
    /// </summary>
    [Test]
    public void Record_ManyConcurrentWriters_CountsEveryValue()
    {
        const int Writers = 8;
        const int PerWriter = 200_000;
        var recorder = new LatencyRecorder();
        using var go = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            go.Wait();
            for (var i = 0; i < PerWriter; i++)
            {
                recorder.Record(1000 + (i & 3));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        long intervalCounts = 0;
        go.Set();
        while (threads.Any(t => t.IsAlive))
        {
            intervalCounts += recorder.TakeInterval().TotalCount;
        }

        threads.ForEach(t => t.Join());
        var last = recorder.TakeInterval();
        intervalCounts += last.TotalCount;
        var stats = StatsCalculator.Latency(recorder.Total, Percentiles);
        long bucketSum = 0;
        foreach (var v in recorder.Total.RecordedValues())
        {
            bucketSum += v.CountAtValueIteratedTo;
        }

        Assert.That(intervalCounts, Is.EqualTo((long)Writers * PerWriter), "sum of interval counts");
        Assert.That(recorder.Total.TotalCount, Is.EqualTo((long)Writers * PerWriter), "total count");
        Assert.That(bucketSum, Is.EqualTo((long)Writers * PerWriter), "sum of the total's buckets");
        Assert.That(stats.P(99.9), Is.EqualTo(1.003).Within(0.01));
    }

    [Test]
    public void Record_OutOfRangeValues_AreClampedNotThrown()
    {
        var recorder = new LatencyRecorder();

        recorder.Record(-5);
        recorder.Record(0);
        recorder.Record(long.MaxValue);
        recorder.TakeInterval();

        Assert.That(recorder.Total.TotalCount, Is.EqualTo(3));
        Assert.That(StatsCalculator.Latency(recorder.Total, Percentiles).MaxMs, Is.EqualTo(600_000).Within(0.1).Percent);
    }

    [Test]
    public void TakeInterval_TwoIntervals_TotalHoldsBothIntervalHoldsLast()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(1000);
        recorder.TakeInterval();
        recorder.Record(9000);
        recorder.Record(9000);

        var interval = recorder.TakeInterval();

        Assert.That(interval.TotalCount, Is.EqualTo(2));
        Assert.That(recorder.Total.TotalCount, Is.EqualTo(3));
    }

    /// <summary>Intervals without writes skip the swap (issue 14); they must still read as empty, and a later write must be taken.</summary>
    [Test]
    public void TakeInterval_EmptyIntervalsAroundWrites_EmptyThenTakenOnce()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(1000);
        Assert.That(recorder.TakeInterval().TotalCount, Is.EqualTo(1));
        Assert.That(recorder.TakeInterval().TotalCount, Is.Zero, "the interval after a busy one, with no writes");
        Assert.That(recorder.TakeInterval().TotalCount, Is.Zero, "an interval after an empty one");

        recorder.Record(5000);
        recorder.Record(5000);

        Assert.That(recorder.TakeInterval().TotalCount, Is.EqualTo(2));
        Assert.That(recorder.Total.TotalCount, Is.EqualTo(3));
        Assert.That(recorder.TakeInterval().TotalCount, Is.Zero);
        Assert.That(recorder.Total.TotalCount, Is.EqualTo(3), "nothing counted twice");
    }

    [Test]
    public void P_PercentileNotConfigured_Throws()
    {
        var stats = new LatencyStats(1, 1, 1, 1, 0, [new PercentileValue(50, 1)]);

        Assert.Throws<KeyNotFoundException>(() => stats.P(90));
    }

    [Test]
    public void WithPercentiles_CustomSet_IsReportedInOrder()
    {
        var scenario = Scenario.Create("p", _ => ValueTask.FromResult(Response.Ok())).WithPercentiles(99.99, 90, 50);

        Assert.That(scenario.Percentiles, Is.EqualTo(new[] { 50, 90, 99.99 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => scenario.WithPercentiles(0));
    }

    [TestCase(100, 0.0, 100_000)]
    [TestCase(100, 2.0, 50)]
    [TestCase(0, 1.0, 0)]
    public void Rate_CountOverDuration_IsNotRoundedAndNeverDividesByZero(long count, double seconds, double expected)
    {
        Assert.That(StatsCalculator.Rate(count, TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void Rate_SmallRate_IsNotRoundedToZero()
    {
        Assert.That(StatsCalculator.Rate(1, TimeSpan.FromSeconds(30)), Is.GreaterThan(0.03));
    }
}
