using System.Diagnostics;
using System.Globalization;
using SocketBench.Grade.Cli;
using SocketBench.Grade.Model;
using SocketBench.Grade.Reports;

namespace SocketBench.Grade;

/// <summary><c>grade --submissions DIR</c>: each subdirectory graded by a child grader (its own network namespace), up to the core count at once, then the class summary.</summary>
internal static class ClassRun
{
    private static readonly TimeSpan PerSubmission = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(GradeArguments a, string[] rawArgs)
    {
        var root = a.SubmissionsDirectory!;
        if (!Directory.Exists(root))
        {
            throw new GradeInputException($"{root}: no such directory");
        }

        var dirs = Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).ToList();
        if (dirs.Count == 0)
        {
            throw new GradeInputException($"{root}: no submission directories in it");
        }

        var output = Path.GetFullPath(a.Reports ?? Path.Combine(GradeApp.ReportsRoot(), GradeApp.Stamp()));
        var clock = Stopwatch.StartNew();
        var passOn = PassedOn(rawArgs).ToList();
        using var slots = new SemaphoreSlim(a.Jobs ?? Environment.ProcessorCount);
        var codes = await Task.WhenAll(dirs.Select(async dir =>
        {
            await slots.WaitAsync();
            try
            {
                var name = new DirectoryInfo(dir).Name;
                return (Dir: dir, Report: Path.Combine(output, name), Code: await GradeOneAsync([.. passOn, "--reports", Path.Combine(output, name), dir]));
            }
            finally
            {
                slots.Release();
            }
        }));

        var graded = new List<(SubmissionResults, string)>();
        foreach (var (dir, report, code) in codes)
        {
            var file = Path.Combine(report, "results.json");
            if (File.Exists(file))
            {
                graded.Add((ResultsJson.Parse(await File.ReadAllTextAsync(file), file), Path.Combine(report, "card.html")));
            }
            else
            {
                Console.Error.WriteLine($"grade: {dir}: not graded (exit {code})");
            }
        }

        var summary = MergeCommand.WriteSummary(graded, output);
        var passing = summary.Submissions.Count(s => s.Tiers.Any(t => t.Id == TierId.Spec && t.Verdict != Verdict.Fail));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grade: class of {dirs.Count}: {passing} pass the spec tier, {graded.Count - passing} fail, {dirs.Count - graded.Count} not graded; {clock.Elapsed.TotalSeconds:0.0} s with {a.Jobs ?? Environment.ProcessorCount} at a time; summary: {Path.Combine(output, "summary.html")}"));
        return graded.Count == dirs.Count && graded.All(g => g.Item1.SpecPassed) ? GradeExit.Passed : GradeExit.Failed;
    }

    /// <summary>Options that apply to each submission (everything but --submissions, --reports, --jobs and their values).</summary>
    private static IEnumerable<string> PassedOn(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--submissions" or "--reports" or "--jobs" or "--name")
            {
                i++;
            }
            else if (!args[i].StartsWith("--submissions=", StringComparison.Ordinal) && !args[i].StartsWith("--reports=", StringComparison.Ordinal)
                && !args[i].StartsWith("--jobs=", StringComparison.Ordinal) && !args[i].StartsWith("--name=", StringComparison.Ordinal))
            {
                yield return args[i];
            }
        }
    }

    private static async Task<int> GradeOneAsync(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var child = Process.Start(psi)!;
        using var deadline = new CancellationTokenSource(PerSubmission);
        try
        {
            await child.WaitForExitAsync(deadline.Token);
            return child.ExitCode;
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            return -1;
        }
    }
}
