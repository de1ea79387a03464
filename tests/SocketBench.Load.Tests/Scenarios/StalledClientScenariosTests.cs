using SocketBench.Load.Reporting;
using SocketBench.Load.Scenarios;
using SocketBench.Processes;

namespace SocketBench.Load.Tests.Scenarios;

/// <summary>
/// Scenario 7 (issue 15) against the published C# server: a client that stalls mid-message holds
/// the sequential server, so fast clients that arrive meanwhile wait for it; with --concurrency 8
/// it holds one slot and the fast clients go on. Behaviour, with wide margins: the bound between
/// the two runs is half the stall (4 s here), far from either side's expected value (close to the
/// stall for the sequential server, milliseconds for the concurrent one).
/// </summary>
[TestFixture]
[Category("load")]
[NonParallelizable]
public sealed class StalledClientScenariosTests
{
    [Test]
    public async Task StalledClient_SequentialThenConcurrency8_FastClientsWaitTheStallOnlyWhenSequential()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the runner reads the server's RSS from /proc: Linux only (read /proc/net/tcp: Linux only)");
        }

        var options = LoadOptions.Smoke() with { Scenarios = [7], PhaseDuration = TimeSpan.FromSeconds(4), Stall = TimeSpan.FromSeconds(4), Console = ConsoleMode.Plain };
        Assert.That(File.Exists(options.ServerPath), Is.True, $"{options.ServerPath} is missing: run `make build` first");
        if (!await ProgramHelp.OffersAsync(options.ServerPath, StalledClientScenarios.Option, ProgramHelp.DefaultDeadline))
        {
            Assert.Ignore($"needs our extensions: {options.ServerPath} does not offer {StalledClientScenarios.Option} (not in `server --help`)");
        }

        var result = await Cli.RunAsync(options, CancellationToken.None);

        TestContext.Out.WriteLine(LoadSmokeTests.ConsoleSummary(result));
        var sequential = result[StalledClientScenarios.SequentialName];
        var concurrent = result[StalledClientScenarios.ConcurrentName];
        var stallMs = options.Stall.TotalMilliseconds;
        Assert.Multiple(() =>
        {
            Assert.That(concurrent.Ok.Response.P(99), Is.LessThan(stallMs / 2), "concurrent: fast clients' p99 (ms) well below the stall");
            Assert.That(sequential.Ok.Response.P(99), Is.GreaterThanOrEqualTo(stallMs / 2), "sequential: fast clients' p99 (ms) shows the stall");
            Assert.That(sequential.Fail.Count + concurrent.Fail.Count, Is.Zero, "no fast client failed");
            Assert.That(concurrent.Ok.Count, Is.EqualTo(StalledClientScenarios.FastRate * 4), "every fast client of the concurrent run confirmed");
        });
        result.EnsurePassed();
    }
}
