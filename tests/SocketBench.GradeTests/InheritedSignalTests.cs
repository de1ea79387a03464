using NUnit.Framework;
using SocketBench.Processes;
using SocketBench.Testing;

namespace SocketBench.GradeTests;

/// <summary>
/// A grade started as a script's background job (<c>bin/grade DIR &amp;</c> in a non-interactive
/// shell) inherits SIGINT and SIGQUIT ignored. The programs it grades must not: a spec-only Python
/// server whose Ctrl-C handler is only installed when SIGINT is not ignored would otherwise fail
/// "exits on signal" for a reason that is the caller's, not the student's.
/// </summary>
[TestFixture]
[Category("grade")]
public class InheritedSignalTests
{
    [Test]
    public async Task Grade_StartedWithSigintIgnored_SpecOnlyServerStillEndsOnSigint()
    {
        var server = Path.Combine(Corpus.Root, "good-python");
        var run = await GradeRun.RunAsync("sigint-ignored", ["--checks", "server-exits-on-signal", "--only", "server", server], GradeRun.QuickDeadline, BackgroundJob.Shell);

        Assert.That(run.Status("server-exits-on-signal"), Is.EqualTo("pass"), $"{run}\n{run.Describe(["server-exits-on-signal"])}\n{run.Stderr}");
    }
}
