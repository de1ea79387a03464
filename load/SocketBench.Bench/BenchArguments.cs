using System.Globalization;

namespace SocketBench.Bench;

/// <summary>The bench's command line: <c>bench [options]</c> or <c>bench compare A.json B.json [--tolerance F]</c>.</summary>
public sealed record BenchArguments(BenchOptions? Run, (string A, string B, double Tolerance)? Compare, bool Help)
{
    public const string Usage = """
        usage: bench [--only SECTION[,SECTION...]] [--rounds N] [--quick] [--reports DIR]
               bench compare A.json B.json [--tolerance F]
        Measures our implementations against each other and their peers in one run, interleaved
        round by round, and judges each target by its 95% interval: met, missed or inconclusive.
        Sections: load, throughput (includes client memory), startup, proxy, rate.
          --only LIST      run these sections only
          --rounds N       interleaved rounds for the compared pairs (2-50, default 9; the load
                           section, the /dev/null transfers and the C and C# connection rate run
                           3 times as many)
          --quick          3 rounds and 256 MiB messages: a smoke run, verdicts mostly inconclusive
          --reports DIR    where bench-<stamp>.md/.json go (default load/reports)
          compare          exit 1 when a target's estimate in B is worse than in A by more than
                           the tolerance (default 0.05 = 5% of A's estimate, or of the threshold
                           for differences)
        Exit: 0 measured (a missed target is reported, not a failure), 1 a measurement failed or
        compare found a regression, 64 bad arguments, 66 a results file is missing.
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count > 0 && args[0] is "-h" or "--help")
        {
            return new BenchArguments(null, null, true);
        }

        return args.Count > 0 && args[0] == "compare" ? ParseCompare(args) : ParseRun(args);
    }

    private static BenchArguments ParseRun(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--only" => options with { Only = Sections(Value(args, ref i)) },
                "--rounds" => options with { Rounds = Int(Value(args, ref i), "--rounds", 2, 50) },
                "--quick" => options with { Rounds = 3, ThroughputBytes = 256L << 20 },
                "--reports" => options with { Reports = Value(args, ref i) },
                "-h" or "--help" => throw new ArgumentException("--help must come first"),
                var other => throw new ArgumentException($"unknown argument '{other}' (see --help)"),
            };
        }

        return new BenchArguments(options, null, false);
    }

    private static BenchArguments ParseCompare(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        var tolerance = 0.05;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--tolerance")
            {
                var text = Value(args, ref i);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out tolerance) || tolerance is < 0 or > 10)
                {
                    throw new ArgumentException($"--tolerance must be a number from 0 to 10, not '{text}'");
                }
            }
            else
            {
                files.Add(args[i]);
            }
        }

        return files.Count == 2
            ? new BenchArguments(null, (files[0], files[1], tolerance), false)
            : throw new ArgumentException($"compare takes two results files (bench-*.json), got {files.Count}");
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int Int(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'");

    private static List<string> Sections(string list)
    {
        var chosen = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = chosen.FirstOrDefault(s => !BenchOptions.Sections.Contains(s));
        return unknown is null && chosen.Count > 0
            ? chosen
            : throw new ArgumentException($"--only: unknown section '{unknown ?? list}' (sections: {string.Join(", ", BenchOptions.Sections)})");
    }
}
