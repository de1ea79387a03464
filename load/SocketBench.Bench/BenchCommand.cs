using System.Globalization;
using SocketBench.Bench.Reporting;
using SocketBench.Bench.Sections;

namespace SocketBench.Bench;

/// <summary>Runs the chosen sections, judges the targets, writes bench-STAMP.md and .json (and -latest copies).</summary>
public static class BenchCommand
{
    private static readonly Dictionary<string, Func<BenchRun, Task>> SectionRunners = new()
    {
        ["load"] = LoadSection.RunAsync,
        ["throughput"] = ThroughputSection.RunAsync,
        ["startup"] = StartupSection.RunAsync,
        ["proxy"] = ProxySection.RunAsync,
        ["rate"] = RateSection.RunAsync,
    };

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var missing = Prerequisites(options);
        if (missing is not null)
        {
            await Console.Error.WriteLineAsync($"bench: {missing} (run `make build`)").ConfigureAwait(false);
            return 66;
        }

        var started = DateTimeOffset.UtcNow;
        using var run = new BenchRun(options);
        run.Log($"sections {string.Join(", ", options.Only)}; {options.Rounds} rounds; {Placement.Describe}");
        foreach (var section in BenchOptions.Sections.Where(options.Runs))
        {
            await run.TryAsync(section, () => SectionRunners[section](run)).ConfigureAwait(false);
        }

        var targets = Targets.All.Where(t => options.Runs(t.Section)).Select(t => t.Evaluate(run.Samples)).ToList();
        var result = new BenchResult(started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Machine.Describe(), options, run.Elapsed, run.Samples, targets, run.Failures);
        var markdown = MarkdownResult.Render(result);
        var dir = options.Reports ?? Path.Combine(Processes.RepoRoot.Path, "load", "reports");
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, $"bench-{started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
        await File.WriteAllTextAsync(stem + ".md", markdown).ConfigureAwait(false);
        await using (var json = File.Create(stem + ".json"))
        {
            JsonResult.Write(result, json);
        }

        File.Copy(stem + ".md", Path.Combine(dir, "bench-latest.md"), overwrite: true);
        File.Copy(stem + ".json", Path.Combine(dir, "bench-latest.json"), overwrite: true);
        await Console.Out.WriteLineAsync(markdown).ConfigureAwait(false);
        run.Log($"written to {stem}.md and .json");
        return run.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The first program the chosen sections need that is not there; null when all are.</summary>
    private static string? Prerequisites(BenchOptions options)
    {
        var needed = new List<string> { Tools.SpawnTime, Tools.CLoadGen, Tools.Server("c"), Tools.Client("c") };
        if (options.Runs("throughput") || options.Runs("startup") || options.Runs("rate"))
        {
            needed.AddRange(new[] { "csharp", "python" }.SelectMany(i => new[] { Tools.Server(i), Tools.Client(i) }));
        }

        if (options.Runs("proxy"))
        {
            needed.Add(Tools.ProxyServer);
        }

        if (options.Runs("load"))
        {
            needed.Add(Tools.LoadRunner);
        }

        return needed.FirstOrDefault(p => !File.Exists(p)) is { } gone ? $"{gone} is missing" : null;
    }
}
