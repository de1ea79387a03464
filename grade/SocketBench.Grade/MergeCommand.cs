using SocketBench.Grade.Cli;
using SocketBench.Grade.Model;
using SocketBench.Grade.Reports;

namespace SocketBench.Grade;

/// <summary><c>grade merge [--reports OUT] DIR...</c>: the class summary from results.json files made anywhere (a CI matrix is the distributed engine).</summary>
internal static class MergeCommand
{
    public static int Run(GradeArguments a)
    {
        if (a.Command == GradeCommand.Help)
        {
            Console.WriteLine(GradeArguments.Usage);
            return GradeExit.Passed;
        }

        var files = Find(a.MergeDirectories);
        if (files.Count == 0)
        {
            throw new GradeInputException($"no results.json under {string.Join(", ", a.MergeDirectories)}");
        }

        var output = Path.GetFullPath(a.Reports ?? Path.Combine(GradeApp.ReportsRoot(), GradeApp.Stamp()));
        var results = files.Select(f => (Results: Load(f), File: f)).ToList();
        var summary = WriteSummary(results.Select(r => (r.Results, Path.Combine(Path.GetDirectoryName(r.File)!, "card.html"))), output);
        Console.Error.WriteLine($"grade: merged {results.Count} results: {summary.Submissions.Count(s => s.Tiers.Any(t => t.Id == TierId.Spec && t.Verdict != Verdict.Fail))} pass the spec tier; summary: {Path.Combine(output, "summary.html")}");
        return results.All(r => r.Results.SpecPassed) ? GradeExit.Passed : GradeExit.Failed;
    }

    /// <summary>Writes summary.html, summary.md and summary.json into <paramref name="output"/>; card links are relative to it.</summary>
    internal static ClassSummary WriteSummary(IEnumerable<(SubmissionResults Results, string CardFile)> cards, string output)
    {
        Directory.CreateDirectory(output);
        var summary = ClassReport.Build(cards.Select(c => (c.Results, Path.GetRelativePath(output, c.CardFile).Replace('\\', '/'))));
        File.WriteAllText(Path.Combine(output, "summary.json"), ResultsJson.Serialize(summary));
        File.WriteAllText(Path.Combine(output, "summary.md"), ClassReport.Markdown(summary));
        File.WriteAllText(Path.Combine(output, "summary.html"), ClassReport.Html(summary));
        return summary;
    }

    /// <summary>Every results.json at or under the directories (a file path is taken as is).</summary>
    internal static List<string> Find(IEnumerable<string> roots)
    {
        var found = new List<string>();
        foreach (var root in roots)
        {
            if (File.Exists(root))
            {
                found.Add(Path.GetFullPath(root));
            }
            else if (Directory.Exists(root))
            {
                found.AddRange(Directory.EnumerateFiles(root, "results.json", SearchOption.AllDirectories).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            }
            else
            {
                throw new GradeInputException($"{root}: no such file or directory");
            }
        }

        return [.. found.Distinct()];
    }

    private static SubmissionResults Load(string file)
    {
        try
        {
            return ResultsJson.Parse(File.ReadAllText(file), file);
        }
        catch (InvalidDataException e)
        {
            throw new GradeInputException(e.Message);
        }
    }
}
