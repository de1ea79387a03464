using System.Text.Json;
using SocketBench.Grade.Cli;
using SocketBench.Grade.Reports;

namespace SocketBench.Grade.UnitTests.Reports;

public class MergeTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("grade-merge-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Run_CardsFromSeparateRuns_BuildsOneSummaryLinkingEachCard()
    {
        // Two "machines" (CI jobs), each writing its own submission's reports.
        GradeApp.Write(ReportTests.Sample("alice", failing: false), Path.Combine(_root, "job1", "alice"));
        GradeApp.Write(ReportTests.Sample("bob", failing: true), Path.Combine(_root, "job2", "out", "bob"));
        var output = Path.Combine(_root, "class");

        var code = MergeCommand.Run(GradeArguments.Parse(["merge", "--reports", output, Path.Combine(_root, "job1"), Path.Combine(_root, "job2")]));

        Assert.That(code, Is.EqualTo(GradeExit.Failed), "bob fails a spec check");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var rows = summary.RootElement.GetProperty("submissions").EnumerateArray().ToList();
        Assert.That(rows.Select(r => r.GetProperty("submission").GetString()), Is.EqualTo(new[] { "alice", "bob" }));
        Assert.That(rows[1].GetProperty("card").GetString(), Is.EqualTo("../job2/out/bob/card.html"));
        Assert.That(rows[1].GetProperty("checks").GetProperty("server-exact-no-newline").GetString(), Is.EqualTo("fail"));
        var html = File.ReadAllText(Path.Combine(output, "summary.html"));
        Assert.That(html, Does.Contain("href=\"../job2/out/bob/card.html#check-server-exact-no-newline\""));
        Assert.That(File.ReadAllText(Path.Combine(output, "summary.md")), Does.Contain("| [bob](../job2/out/bob/card.md) | FAIL |"));
    }

    [Test]
    public void Run_AllPassing_ExitsZero()
    {
        GradeApp.Write(ReportTests.Sample("alice", failing: false), Path.Combine(_root, "a"));
        Assert.That(MergeCommand.Run(GradeArguments.Parse(["merge", "--reports", Path.Combine(_root, "out"), _root])), Is.EqualTo(GradeExit.Passed));
    }

    [Test]
    public void Run_NoResults_IsMissingInput()
    {
        var e = Assert.Throws<GradeInputException>(() => MergeCommand.Run(GradeArguments.Parse(["merge", _root])));
        Assert.That(e!.Message, Does.StartWith("no results.json under"));
    }
}
