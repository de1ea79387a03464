using SocketBench.Bench;

// Thin entry point (STYLE.md point 7): parse, run, one-line errors, an exit code.
try
{
    var parsed = BenchArguments.Parse(args);
    if (parsed.Help)
    {
        Console.Out.WriteLine(BenchArguments.Usage);
        return 0;
    }

    return parsed.Compare is { } c
        ? CompareCommand(c.A, c.B, c.Tolerance)
        : await BenchCommand.RunAsync(parsed.Run!).ConfigureAwait(false);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"bench: {e.Message}").ConfigureAwait(false);
    return 64;
}

static int CompareCommand(string a, string b, double tolerance)
{
    foreach (var file in (string[])[a, b])
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"bench: {file}: no such results file");
            return 66;
        }
    }

    try
    {
        var regressions = Compare.Run(a, b, tolerance, Console.Out);
        Console.Out.WriteLine(regressions == 0 ? "no regression" : $"{regressions} target(s) regressed beyond {tolerance:P0}");
        return regressions == 0 ? 0 : 1;
    }
    catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
    {
        Console.Error.WriteLine($"bench: {e.Message}");
        return 65;
    }
}
