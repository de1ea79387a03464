namespace SocketBench.Bench.Stats;

/// <summary>
/// A point estimate with a 95% confidence interval (Student's t over the per-round values), so a
/// verdict can say "inconclusive" when the interval straddles the target instead of flipping
/// between runs.
/// </summary>
public readonly record struct Interval(double Estimate, double Low, double High, int Rounds)
{
    /// <summary>The mean of <paramref name="values"/> with its 95% interval (infinite with fewer than two).</summary>
    public static Interval Mean(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            return new Interval(double.NaN, double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        if (n == 1)
        {
            return new Interval(mean, double.NegativeInfinity, double.PositiveInfinity, 1);
        }

        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = TwoSided95(n - 1) * sd / Math.Sqrt(n);
        return new Interval(mean, mean - half, mean + half, n);
    }

    /// <summary>The geometric mean of positive ratios with its 95% interval (t over the logs).</summary>
    public static Interval GeometricMean(IReadOnlyList<double> ratios)
    {
        var logs = Mean(ratios.Where(r => r > 0).Select(r => Math.Log(r)).ToList());
        return new Interval(Math.Exp(logs.Estimate), Math.Exp(logs.Low), Math.Exp(logs.High), logs.Rounds);
    }

    /// <summary>Student's t, two-sided 95%, for <paramref name="df"/> degrees of freedom.</summary>
    internal static double TwoSided95(int df) => df switch
    {
        <= 0 => double.PositiveInfinity,
        1 => 12.706,
        2 => 4.303,
        3 => 3.182,
        4 => 2.776,
        5 => 2.571,
        6 => 2.447,
        7 => 2.365,
        8 => 2.306,
        9 => 2.262,
        10 => 2.228,
        <= 12 => 2.179,
        <= 15 => 2.131,
        <= 20 => 2.086,
        <= 30 => 2.042,
        <= 60 => 2.000,
        _ => 1.960,
    };
}
