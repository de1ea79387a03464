using NUnit.Framework;
using SocketBench.TestSummary;

namespace SocketBench.UnitTests.TestSummary;

[TestFixture]
[Category("unit")]
public class VerdictTests
{
    private static readonly AllowList Allow = new(["needs our extensions:"]);
    private static readonly string[] Projects = ["SocketBench.ChaosTests", "SocketBench.UnitTests"];

    [Test]
    public void Judge_AllProjectsPassed_IsOkWithSummaryLast()
    {
        var verdict = Verdict.Judge([Passed("SocketBench.ChaosTests"), Passed("SocketBench.UnitTests")], Allow, Projects, filtered: false, testExit: 0);
        Assert.That(verdict.Ok, Is.True);
        Assert.That(verdict.Lines[^1], Is.EqualTo("2 passed, 0 failed"));
    }

    [Test]
    public void Judge_ProjectRanNothing_FailsNamingIt()
    {
        var verdict = Verdict.Judge([Passed("SocketBench.UnitTests")], Allow, Projects, filtered: false, testExit: 0);
        Assert.That(verdict.Ok, Is.False);
        Assert.That(verdict.Lines, Has.Some.Contains("SocketBench.ChaosTests ran no test"));
    }

    [Test]
    public void Judge_TrxNamesProjectsInLowerCase_StillMatches()
    {
        var verdict = Verdict.Judge([Passed("socketbench.chaostests"), Passed("socketbench.unittests")], Allow, Projects, filtered: false, testExit: 0);
        Assert.That(verdict.Ok, Is.True, string.Join('\n', verdict.Lines));
    }

    [Test]
    public void Judge_FilterLeavesAProjectIdle_IsOk()
    {
        var verdict = Verdict.Judge([Passed("SocketBench.UnitTests")], Allow, Projects, filtered: true, testExit: 0);
        Assert.That(verdict.Ok, Is.True, string.Join('\n', verdict.Lines));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Judge_NoResults_Fails(bool filtered)
    {
        var verdict = Verdict.Judge([], Allow, Projects, filtered, testExit: 0);
        Assert.That(verdict.Ok, Is.False);
        Assert.That(verdict.Lines[^1], Is.EqualTo("0 passed, 0 failed"));
    }

    [Test]
    public void Judge_SkipNotOnTheAllowList_FailsNamingTheTest()
    {
        var verdict = Verdict.Judge([Passed("SocketBench.ChaosTests"), Passed("SocketBench.UnitTests"), new("SocketBench.UnitTests", "T", "NotExecuted", "valgrind missing")], Allow, Projects, filtered: false, testExit: 0);
        Assert.That(verdict.Ok, Is.False);
        Assert.That(verdict.Lines, Has.Some.Contains("SocketBench.UnitTests T skipped for a reason not on the allow-list: valgrind missing"));
        Assert.That(verdict.Lines[^1], Is.EqualTo("2 passed, 0 failed, 1 skipped"));
    }

    [Test]
    public void Judge_AllowedSkip_IsOkAndCounted()
    {
        var verdict = Verdict.Judge([Passed("SocketBench.ChaosTests"), Passed("SocketBench.UnitTests"), new("SocketBench.UnitTests", "T", "NotExecuted", "needs our extensions: client=x")], Allow, Projects, filtered: false, testExit: 0);
        Assert.That(verdict.Ok, Is.True, string.Join('\n', verdict.Lines));
        Assert.That(verdict.Lines, Has.Some.Contains("skipped 1 (allowed: \"needs our extensions:\")"));
    }

    [Test]
    public void Judge_DotnetTestFailedWithoutAFailedTest_Fails()
    {
        var verdict = Verdict.Judge([Passed("SocketBench.ChaosTests"), Passed("SocketBench.UnitTests")], Allow, Projects, filtered: false, testExit: 1);
        Assert.That(verdict.Ok, Is.False);
        Assert.That(verdict.Lines[^1], Is.EqualTo("2 passed, 1 failed"));
    }

    [Test]
    public void Read_Trx_MapsResultsToTheirProjectAndReason()
    {
        var dir = Directory.CreateTempSubdirectory("trx");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.trx"), """
                <?xml version="1.0" encoding="utf-8"?>
                <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
                  <Results>
                    <UnitTestResult testId="1" testName="A" outcome="Passed" />
                    <UnitTestResult testId="2" testName="B" outcome="NotExecuted"><Output><ErrorInfo><Message>needs our extensions: x</Message></ErrorInfo></Output></UnitTestResult>
                  </Results>
                  <TestDefinitions>
                    <UnitTest id="1" storage="/r/bin/SocketBench.UnitTests.dll" />
                    <UnitTest id="2" storage="/r/bin/SocketBench.UnitTests.dll" />
                  </TestDefinitions>
                </TestRun>
                """);
            var results = TrxResults.Read(dir.FullName);
            Assert.That(results, Is.EqualTo(new[]
            {
                new TestResult("SocketBench.UnitTests", "A", "Passed", ""),
                new TestResult("SocketBench.UnitTests", "B", "NotExecuted", "needs our extensions: x"),
            }));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static TestResult Passed(string project) => new(project, "t", "Passed", "");
}
