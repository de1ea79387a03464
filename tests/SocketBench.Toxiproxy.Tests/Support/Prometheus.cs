using System.Globalization;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Parses Prometheus text exposition: series (name plus labels, as written) to value, and TYPE lines.</summary>
internal sealed record Prometheus(IReadOnlyDictionary<string, double> Series, IReadOnlyDictionary<string, string> Types)
{
    public static Prometheus Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#'))
            {
                var space = line.LastIndexOf(' ');
                series[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return new Prometheus(series, types);
    }

    public double this[string name] =>
        Series.TryGetValue(name, out var value) ? value : throw new AssertionException($"series {name} missing from /metrics");
}
