using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.GradeTests;

/// <summary>Our own three implementations pass every spec check of a --quick grade.</summary>
[TestFixture]
[Category("grade")]
public class OwnImplementationTests
{
    [TestCase("csharp")]
    [TestCase("c")]
    [TestCase("python")]
    public async Task Grade_OwnImplementation_PassesEverySpecCheck(string impl)
    {
        var run = await GradeRun.QuickAsync($"own-{impl}", RepoRoot.Bin(impl));
        var notPassed = SpecChecks.Expected(server: true, client: true, quick: true).Where(id => run.Status(id) != "pass").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(notPassed, Is.Empty, $"bin/{impl}; {run}\n{run.Describe(notPassed)}");
            Assert.That(run.ExitCode, Is.Zero, $"{run}\n{run.Stderr}");
        });
    }
}
