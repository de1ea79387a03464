using System.Collections.Concurrent;
using System.Text.Json;
using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.GradeTests;

/// <summary>One run of the published <c>bin/grade</c>, and what its results.json says.</summary>
/// <param name="ExitCode">The exit code; null when it outlived its deadline and was killed.</param>
/// <param name="Stderr">Its stderr.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="ReportsDir">The --reports directory it wrote to.</param>
/// <param name="Statuses">Each check's status (pass, fail, skip) by ID, from results.json; empty when there is none.</param>
/// <param name="Summaries">Each check's one-line summary by ID.</param>
internal sealed record GradeRun(int? ExitCode, string Stderr, TimeSpan Elapsed, string ReportsDir, IReadOnlyDictionary<string, string> Statuses, IReadOnlyDictionary<string, string> Summaries)
{
    public static readonly TimeSpan QuickDeadline = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan FullDeadline = TimeSpan.FromMinutes(10);
    private static readonly ConcurrentDictionary<string, Lazy<Task<GradeRun>>> Cache = new(StringComparer.Ordinal);

    public static string Grade => RepoRoot.Bin("grade");

    /// <summary>Where the tests' report cards go (ignored by git; kept for a look after a failure).</summary>
    public static string ReportsRoot => Path.Combine(RepoRoot.Path, "tests", "reports", "grade-tests");

    /// <summary>The spec checks that failed.</summary>
    public IReadOnlySet<string> FailedSpecChecks =>
        Statuses.Where(kv => kv.Value == "fail" && SpecChecks.All.Contains(kv.Key)).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>One --quick run per key, shared by every test that asks (the merge test reuses the corpus runs).</summary>
    public static Task<GradeRun> QuickAsync(string key, params string[] target) =>
        Cache.GetOrAdd(key, k => new Lazy<Task<GradeRun>>(() => RunAsync(k, ["--quick", .. target], QuickDeadline))).Value;

    /// <summary>
    /// Runs <c>bin/grade --reports tests/reports/grade-tests/KEY ARGS</c> and reads the results.json it
    /// wrote; with <paramref name="via"/>, through that command first (e.g. a shell that changes what
    /// grade inherits, then execs it with its arguments as "$0" "$@").
    /// </summary>
    public static async Task<GradeRun> RunAsync(string key, IReadOnlyList<string> args, TimeSpan deadline, IReadOnlyList<string>? via = null)
    {
        RequireGrade();
        var reports = Path.Combine(ReportsRoot, key);
        if (Directory.Exists(reports))
        {
            Directory.Delete(reports, recursive: true);
        }

        string[] command = [.. via ?? [], Grade, "--reports", reports, .. args];
        var result = await ProcessResult.RunAsync(
            new ChildProcessOptions { FileName = command[0], Arguments = command[1..] }, stdin: null, deadline);
        var (statuses, summaries) = ReadResults(reports);
        return new GradeRun(result.ExitCode, result.Stderr, result.Elapsed, reports, statuses, summaries);
    }

    /// <summary>Runs <c>bin/grade ARGS</c> as given (no reports directory added).</summary>
    public static Task<ProcessResult> RunRawAsync(IReadOnlyList<string> args, TimeSpan deadline)
    {
        RequireGrade();
        return ProcessResult.RunAsync(new ChildProcessOptions { FileName = Grade, Arguments = args }, stdin: null, deadline);
    }

    /// <summary>Every results.json under <paramref name="dir"/>.</summary>
    public static IReadOnlyList<string> ResultFiles(string dir) =>
        Directory.Exists(dir) ? [.. Directory.EnumerateFiles(dir, "results.json", SearchOption.AllDirectories)] : [];

    /// <summary>The status of <paramref name="id"/>, or "absent".</summary>
    public string Status(string id) => Statuses.TryGetValue(id, out var s) ? s : "absent";

    /// <summary>A line per check that is not as the test expects, for an assertion message.</summary>
    public string Describe(IEnumerable<string> ids) =>
        string.Join("\n", ids.Select(id => $"  {id}: {Status(id)}{(Summaries.TryGetValue(id, out var s) ? $" ({s})" : "")}"));

    public override string ToString() =>
        $"grade exit={ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "killed at deadline"} in {Elapsed.TotalSeconds:0.0} s, reports {ReportsDir}";

    private static void RequireGrade()
    {
        if (!File.Exists(Grade))
        {
            Assert.Fail($"{Grade} is missing: run `make build` first");
        }
    }

    private static (Dictionary<string, string> Statuses, Dictionary<string, string> Summaries) ReadResults(string reports)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = ResultFiles(reports);
        if (files.Count != 1)
        {
            return (statuses, summaries);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(files[0]));
        foreach (var check in doc.RootElement.GetProperty("checks").EnumerateArray())
        {
            var id = check.GetProperty("id").GetString() ?? "";
            statuses[id] = check.GetProperty("status").GetString() ?? "";
            summaries[id] = check.TryGetProperty("summary", out var s) ? s.GetString() ?? "" : "";
        }

        return (statuses, summaries);
    }
}
