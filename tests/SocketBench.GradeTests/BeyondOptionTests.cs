using NUnit.Framework;
using SocketBench.Processes;

namespace SocketBench.GradeTests;

/// <summary>
/// The beyond tier's checks of issue 15's options (DESIGN.md section 3a), run alone with
/// <c>--checks</c>: our implementations are credited for <c>--concurrency</c> and <c>--receipt</c>;
/// a spec-only pair is "not offered", and its grade still passes; a pair that names the options in
/// its <c>--help</c> but ignores them fails both checks, and its grade still passes.
/// </summary>
[TestFixture]
[Category("grade")]
public class BeyondOptionTests
{
    private static readonly string[] Ids = ["beyond-concurrency", "beyond-receipt"];

    [TestCase("csharp")]
    [TestCase("c")]
    [TestCase("python")]
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

    /// <summary>
    /// Our C# programs behind wrappers that name both options in <c>--help</c> and drop them: a
    /// sequential server claiming <c>--concurrency</c>, a client claiming <c>--receipt</c> that never
    /// reads a receipt (exit 0 whatever the server acknowledged).
    /// </summary>
    [Test]
    public async Task Grade_PairThatClaimsButIgnoresTheOptions_FailsBothChecksAndGradePasses()
    {
        var dir = Directory.CreateTempSubdirectory("sb-grade-claims-").FullName;
        try
        {
            Wrapper(Path.Combine(dir, "server"), RepoRoot.Bin("csharp", "server"), "usage: server [--concurrency N] [--receipt] PORT", drop: "[ \"$1\" = --concurrency ] && shift 2; [ \"$1\" = --receipt ] && shift");
            Wrapper(Path.Combine(dir, "client"), RepoRoot.Bin("csharp", "client"), "usage: client [--receipt] HOST PORT", drop: "[ \"$1\" = --receipt ] && shift");

            var run = await GradeRun.RunAsync("beyond-options-claims", ["--checks", string.Join(',', Ids), dir], GradeRun.QuickDeadline);

            Assert.Multiple(() =>
            {
                Assert.That(Ids.Select(run.Status), Is.All.EqualTo("fail"), $"{run}\n{run.Describe(Ids)}");
                Assert.That(run.Summaries.GetValueOrDefault("beyond-concurrency"), Does.Contain("delayed a second client"), run.Describe(Ids));
                Assert.That(run.Summaries.GetValueOrDefault("beyond-receipt"), Does.Contain("74 expected"), run.Describe(Ids));
                Assert.That(run.ExitCode, Is.Zero, $"the beyond tier never fails the grade; {run}\n{run.Stderr}");
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Wrapper(string path, string program, string usage, string drop)
    {
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = --help ]; then echo '{usage}'; exit 0; fi\n{drop}\nexec '{program}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
