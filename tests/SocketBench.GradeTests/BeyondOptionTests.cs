using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.GradeTests;

/// <summary>
/// The beyond tier's checks of issue 15's options (DESIGN.md section 3a), run alone with
/// <c>--checks</c>: our implementations are credited for <c>--concurrency</c> and <c>--receipt</c>;
/// a spec-only pair is "not offered", and its grade still passes.
/// </summary>
[TestFixture]
[Category("grade")]
public class BeyondOptionTests
{
    private static readonly string[] Ids = ["beyond-concurrency", "beyond-receipt"];

    [TestCase("csharp")]
    public async Task Grade_OwnImplementation_CreditsConcurrencyAndReceipt(string impl)
    {
        var run = await GradeRun.RunAsync($"beyond-options-{impl}", ["--checks", string.Join(',', Ids), RepoRoot.Bin(impl)], GradeRun.QuickDeadline);

        Assert.Multiple(() =>
        {
            Assert.That(Ids.Select(run.Status), Is.All.EqualTo("pass"), $"bin/{impl}; {run}\n{run.Describe(Ids)}\n{run.Stderr}");
            Assert.That(run.Statuses.Keys, Is.EquivalentTo(Ids), "--checks runs only the checks it names");
            Assert.That(run.ExitCode, Is.Zero, $"{run}\n{run.Stderr}");
        });
    }

    [Test]
    public async Task Grade_SpecOnlyPair_ConcurrencyAndReceiptNotOfferedAndGradePasses()
    {
        var run = await GradeRun.RunAsync("beyond-options-good-c", ["--checks", string.Join(',', Ids), Corpus.Get("good-c").Directory], GradeRun.QuickDeadline);

        Assert.Multiple(() =>
        {
            Assert.That(Ids.Select(run.Status), Is.All.EqualTo("skip"), $"{run}\n{run.Describe(Ids)}");
            Assert.That(Ids.Select(id => run.Summaries.GetValueOrDefault(id, "")), Is.All.StartWith("not offered"), run.Describe(Ids));
            Assert.That(run.ExitCode, Is.Zero, $"{run}\n{run.Stderr}");
        });
    }
}
