using SocketBench.Bench.Stats;

namespace SocketBench.Bench.Tests.Stats;

public class IntervalTests
{
    [Test]
    public void Mean_KnownSample_StudentTInterval()
    {
        // mean 10, sd 2 (values 8, 10, 12), n 3: half-width t(2) * 2 / sqrt(3) = 4.303 * 1.1547 = 4.969
        var i = Interval.Mean([8, 10, 12]);

        Assert.That(i.Estimate, Is.EqualTo(10).Within(1e-9));
        Assert.That(i.Low, Is.EqualTo(10 - 4.969).Within(1e-3));
        Assert.That(i.High, Is.EqualTo(10 + 4.969).Within(1e-3));
    }

    [Test]
    public void GeometricMean_RatiosHalfAndDouble_One()
    {
        var i = Interval.GeometricMean([0.5, 2.0]);

        Assert.That(i.Estimate, Is.EqualTo(1).Within(1e-9));
        Assert.That(i.Low, Is.LessThan(1));
        Assert.That(i.High, Is.GreaterThan(1));
    }

    [Test]
    public void Mean_OneValue_InfiniteInterval() =>
        Assert.That(Interval.Mean([3]).High, Is.EqualTo(double.PositiveInfinity));
}
