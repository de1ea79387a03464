using System.Text.Json;
using NUnit.Framework;

namespace SocketBench.GradeTests;

/// <summary><c>grade merge</c>: a class summary from results.json files made by separate runs (a CI matrix's last job).</summary>
[TestFixture]
[Category("grade")]
public class MergeTests
{
    [Test]
    public async Task Merge_TwoSeparateRuns_MakesOneClassSummary()
    {
        // Two separate runs (shared with the corpus tests), their reports moved elsewhere as a CI job would download them.
        var good = await GradeRun.QuickAsync("good-python", Corpus.Get("good-python").Directory);
        var broken = await GradeRun.QuickAsync("server-adds-newline", Corpus.Get("server-adds-newline").Directory);
        var scratch = Directory.CreateTempSubdirectory("sb-grade-merge-").FullName;
        try
        {
            var downloads = new[] { good, broken }.Select((run, i) => CopyTree(run.ReportsDir, Path.Combine(scratch, $"job-{i}"))).ToList();
            var summaryDir = Path.Combine(scratch, "class");
            var result = await GradeRun.RunRawAsync(["merge", "--reports", summaryDir, .. downloads], TimeSpan.FromSeconds(60));

            var rows = SummaryRows(Path.Combine(summaryDir, "summary.json"));
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(1), $"one submission fails the spec tier; stderr: {result.Stderr}");
                Assert.That(rows.Keys, Is.EquivalentTo(new[] { "good-python", "server-adds-newline" }), "a row per submission");
                Assert.That(rows.GetValueOrDefault("good-python")?.GetValueOrDefault("server-exact-short"), Is.EqualTo("pass"));
                Assert.That(rows.GetValueOrDefault("server-adds-newline")?.GetValueOrDefault("server-exact-short"), Is.EqualTo("fail"));
                Assert.That(File.Exists(Path.Combine(summaryDir, "summary.html")), Is.True, "summary.html");
                Assert.That(File.Exists(Path.Combine(summaryDir, "summary.md")), Is.True, "summary.md");
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    /// <summary>summary.json's rows: each submission's check statuses by ID.</summary>
    private static Dictionary<string, Dictionary<string, string>> SummaryRows(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.GetProperty("submissions").EnumerateArray().ToDictionary(
            row => row.GetProperty("submission").GetString() ?? "",
            row => row.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetString() ?? "", StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
