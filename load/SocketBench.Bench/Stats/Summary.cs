namespace SocketBench.Bench.Stats;

/// <summary>Median with min and max of a set of values.</summary>
public readonly record struct Summary(int Count, double Median, double Min, double Max)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN);
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(sorted.Length, median, sorted[0], sorted[^1]);
    }

    /// <summary>"median (min-max)" with <paramref name="digits"/> decimals.</summary>
    public string Format(int digits = 2)
    {
        var f = "F" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Count switch
        {
            0 => "n/a",
            1 => Median.ToString(f, System.Globalization.CultureInfo.InvariantCulture),
            _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Median.ToString(f, System.Globalization.CultureInfo.InvariantCulture)} ({Min.ToString(f, System.Globalization.CultureInfo.InvariantCulture)}-{Max.ToString(f, System.Globalization.CultureInfo.InvariantCulture)})"),
        };
    }
}
