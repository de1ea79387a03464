using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.GradeTests;

/// <summary>bin/grade's exit codes for bad input: 64 bad arguments, 66 programs missing or not executable; one line on stderr.</summary>
[TestFixture]
[Category("grade")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // tests run in parallel; each has its own scratch directory
public class CommandLineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private string _scratch = "";

    [SetUp]
    public void CreateScratch() => _scratch = Directory.CreateTempSubdirectory("sb-grade-cli-").FullName;

    [TearDown]
    public void DeleteScratch() => Directory.Delete(_scratch, recursive: true);

    public static IEnumerable<TestCaseData> BadArguments()
    {
        var good = Corpus.Get("good-c").Directory;
        yield return new TestCaseData((object)Array.Empty<string>()).SetArgDisplayNames("no arguments");
        yield return new TestCaseData((object)new[] { "--no-such-option", good }).SetArgDisplayNames("--no-such-option DIR");
        yield return new TestCaseData((object)new[] { "--only", "sideways", good }).SetArgDisplayNames("--only sideways DIR");
        yield return new TestCaseData((object)new[] { "--quick", good, good }).SetArgDisplayNames("two DIRs");
        yield return new TestCaseData((object)new[] { "--reports" }).SetArgDisplayNames("--reports without a value");
        yield return new TestCaseData((object)new[] { "merge" }).SetArgDisplayNames("merge without a DIR");
        yield return new TestCaseData((object)new[] { "--checks", "no-such-check", good }).SetArgDisplayNames("--checks naming no check");
    }

    [TestCaseSource(nameof(BadArguments))]
    public async Task Grade_BadArguments_Exits64WithOneLine(string[] args)
    {
        var result = await GradeRun.RunRawAsync(args, Deadline);
        AssertOneLineExit(result, 64, mentioning: null);
    }

    [Test]
    public async Task Grade_MissingDirectory_Exits66NamingIt()
    {
        var missing = Path.Combine(_scratch, "no-such-submission");
        var result = await GradeRun.RunRawAsync(["--quick", missing], Deadline);
        AssertOneLineExit(result, 66, mentioning: "no-such-submission");
    }

    [Test]
    public async Task Grade_DirectoryWithoutPrograms_Exits66NamingIt()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_scratch, "empty-submission")).FullName;
        var result = await GradeRun.RunRawAsync(["--quick", empty], Deadline);
        AssertOneLineExit(result, 66, mentioning: "empty-submission");
    }

    [Test]
    public async Task Grade_ServerNotExecutable_Exits66NamingIt()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_scratch, "no-exec")).FullName;
        var server = Path.Combine(dir, "server");
        File.Copy(Path.Combine(Corpus.Get("good-python").Directory, "server"), server);
        File.SetUnixFileMode(server, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = await GradeRun.RunRawAsync(["--quick", dir], Deadline);
        AssertOneLineExit(result, 66, mentioning: "no-exec/server");
    }

    [Test]
    public async Task Grade_MissingServerPath_Exits66NamingIt()
    {
        var missing = Path.Combine(_scratch, "nowhere", "server");
        var result = await GradeRun.RunRawAsync(["--quick", "--server", missing, "--client", RepoRoot.Bin("c", "client")], Deadline);
        AssertOneLineExit(result, 66, mentioning: "nowhere/server");
    }

    private static void AssertOneLineExit(ProcessResult result, int code, string? mentioning)
    {
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(code), $"exit code; stderr: {result.Stderr}");
            Assert.That(lines, Has.Length.EqualTo(1), $"one line on stderr, got: {result.Stderr}");
            Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
            if (mentioning is not null)
            {
                Assert.That(result.Stderr, Does.Contain(mentioning), "the line names the path");
            }
        });
    }
}
