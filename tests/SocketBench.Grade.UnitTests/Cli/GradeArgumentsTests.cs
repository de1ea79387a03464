using SocketBench.Cli;
using SocketBench.Grade.Cli;

namespace SocketBench.Grade.UnitTests.Cli;

public class GradeArgumentsTests
{
    [Test]
    public void Parse_DirectoryWithOptions_ReadsEach()
    {
        var a = GradeArguments.Parse(["--quick", "--only", "server", "--reports", "/tmp/r", "--no-netns", "subs/alice"]);
        Assert.That(a.Command, Is.EqualTo(GradeCommand.Grade));
        Assert.That(a.Directory, Is.EqualTo("subs/alice"));
        Assert.That(a.Quick && a.NoNetns, Is.True);
        Assert.That(a.Only, Is.EqualTo("server"));
        Assert.That(a.Reports, Is.EqualTo("/tmp/r"));
    }

    [Test]
    public void Parse_LoosePrograms_NeedsNoDirectory()
    {
        var a = GradeArguments.Parse(["--server", "s.py", "--client=c.py"]);
        Assert.That((a.Server, a.Client, a.Directory), Is.EqualTo(("s.py", "c.py", (string?)null)));
    }

    [Test]
    public void Parse_Submissions_IsTheClassCommand()
    {
        var a = GradeArguments.Parse(["--submissions", "class", "--jobs", "3"]);
        Assert.That(a.Command, Is.EqualTo(GradeCommand.Submissions));
        Assert.That((a.SubmissionsDirectory, a.Jobs), Is.EqualTo(("class", (int?)3)));
    }

    [Test]
    public void Parse_Merge_CollectsDirectories()
    {
        var a = GradeArguments.Parse(["merge", "--reports", "out", "run1", "run2"]);
        Assert.That(a.Command, Is.EqualTo(GradeCommand.Merge));
        Assert.That(a.MergeDirectories, Is.EqualTo(new[] { "run1", "run2" }));
        Assert.That(a.Reports, Is.EqualTo("out"));
    }

    [TestCase(new string[0], "missing DIR")]
    [TestCase(new[] { "a", "b" }, "unexpected argument 'b'")]
    [TestCase(new[] { "--only", "both", "a" }, "invalid --only 'both'")]
    [TestCase(new[] { "--frobnicate", "a" }, "unknown option '--frobnicate'")]
    [TestCase(new[] { "--submissions", "x", "a" }, "--submissions DIR takes no other")]
    [TestCase(new[] { "--server", "s", "a" }, "unexpected argument 'a'")]
    [TestCase(new[] { "merge" }, "merge needs at least one DIR")]
    [TestCase(new[] { "--jobs", "0", "--submissions", "x" }, "invalid --jobs '0'")]
    [TestCase(new[] { "--quick=yes", "a" }, "takes no value")]
    public void Parse_BadInput_ThrowsOneLineUsageError(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => GradeArguments.Parse(args));
        Assert.That(e!.Message, Does.Contain(expected));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Parse_Help_WinsOverMissingDirectory()
    {
        Assert.That(GradeArguments.Parse(["--help"]).Command, Is.EqualTo(GradeCommand.Help));
    }
}
