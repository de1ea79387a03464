using SocketBench.Load.Reporting;

namespace SocketBench.Load.Tests.Scenarios;

/// <summary>
/// The `make test` smoke of the scenarios 1, 2 and 4: real scenarios, short phases, against
/// the published C# server (bin/csharp/server, built by `make build`). Seconds, not minutes.
/// Non-parallel: two load tests at once would measure each other.
/// </summary>
[TestFixture]
[Category("load")]
[NonParallelizable]
public sealed class LoadSmokeTests
{
    private string _reports = "";

    [OneTimeSetUp]
    public void RequireLinuxAndServer()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the listen-queue scenarios read /proc/net/tcp: Linux only");
        }

        var server = LoadOptions.Smoke().ServerPath;
        Assert.That(File.Exists(server), Is.True, $"{server} is missing: run `make build` first");
        _reports = Path.Combine(TestContext.CurrentContext.WorkDirectory, "load-smoke-" + Guid.NewGuid().ToString("N")[..8]);
    }

    [OneTimeTearDown]
    public void RemoveReports()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }

    [TestCase(10)]
    [TestCase(5)]
    public async Task ListenQueue_HeldServer_QueuesExactlyBacklogPlusOneThenRecoversInOrder(int backlog)
    {
        var options = LoadOptions.Smoke() with { Scenarios = [1, 2], Backlogs = [backlog], Console = ConsoleMode.Plain };

        var result = await Cli.RunAsync(options, CancellationToken.None);

        TestContext.Out.WriteLine(ConsoleSummary(result));
        result.EnsurePassed();
        var capacity = result[$"1-listen-queue-b{backlog}"];
        Assert.That(capacity.Evidence.Single(e => e.Label.StartsWith("accept queue", StringComparison.Ordinal)).Value, Is.EqualTo((backlog + 1).ToString(Fmt.Inv)));
        Assert.That(capacity.Status("queued"), Is.EqualTo(backlog + 1));
        Assert.That(capacity.Status("waiting"), Is.EqualTo(options.Extra));
        var recovery = result[$"2-recovery-b{backlog}"];
        Assert.That(recovery.Ok.Count, Is.EqualTo(backlog + 1 + options.Extra));
        Assert.That(recovery.ClientTraces, Has.Count.EqualTo(backlog + 1 + options.Extra), "one timeline row per client");
        Assert.That(recovery.ClientTraces.All(t => t.ServedS > t.ConnectS), Is.True, "every client served after its connect");
    }

    [Test]
    public async Task OpenModel_RateAndTwiceTheRate_DeliversEveryConfirmedMessageOnceAndWritesReports()
    {
        var options = LoadOptions.Smoke() with { Scenarios = [4], Console = ConsoleMode.Plain, ReportFolder = _reports };

        var result = await Cli.RunAsync(options, CancellationToken.None);

        TestContext.Out.WriteLine(ConsoleSummary(result));
        result.EnsurePassed();
        Assert.That(result["4-open-rate-r"].Offered, Is.EqualTo(options.Rate * 2));
        Assert.That(result["4-open-rate-2r"].Offered, Is.EqualTo(options.Rate * 4));
        Assert.That(result.ReportFiles.Select(Path.GetFileName), Is.EquivalentTo(new[] { "latency.png", "report.md", "report.html", "stats.csv", "timeline.csv" }));
    }

    private static string ConsoleSummary(RunResult result) =>
        string.Join('\n', result.Scenarios.Select(s => string.Join(" | ", Fmt.SummaryRow(s)) + " | status: " + string.Join(", ", s.StatusCodes.Select(kv => $"{kv.Key}={kv.Value}")))
            .Concat(result.Scenarios.SelectMany(s => s.Evidence.Select(e => $"{s.Name}: {e.Label}: {e.Value}"))));
}
