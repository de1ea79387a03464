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

    /// <summary>
    /// --target loads a server the runner did not start: here one this test starts (its stdout parsed
    /// by a ledger that issued no ids, so every whole frame counts as unknown: a frame counter).
    /// The exactly-once and kernel checks say n/a; the messages still reach the server.
    /// </summary>
    [Test]
    public async Task Target_RunningServer_LoadsItAndSaysNotApplicableForItsStdout()
    {
        await using var server = await Load.Target.TargetServer.StartAsync(LoadOptions.Smoke().ServerPath, 10, CancellationToken.None);
        var options = LoadOptions.Smoke() with { Scenarios = [4], Console = ConsoleMode.Off, Target = server.EndPoint };

        // Cli.RunAsync ends by stopping every server this process started (TargetServer.StopAllAsync),
        // this one too: its stdout has then been read to the end.
        var result = await Cli.RunAsync(options, CancellationToken.None);

        TestContext.Out.WriteLine(ConsoleSummary(result));
        // The load-quality thresholds (fail %, p95) judge the machine; this test is about --target.
        var exactlyOnce = result.Thresholds.Where(t => t.Label.StartsWith("confirmed messages", StringComparison.Ordinal)).ToList();
        Assert.That(exactlyOnce, Has.Count.EqualTo(2));
        Assert.That(exactlyOnce.Select(t => t.Actual), Has.All.StartWith("n/a"));
        Assert.That(exactlyOnce.All(t => t.Passed), Is.True);
        Assert.That(result.Thresholds.Where(t => t.Label == "probe delivered whole").Select(t => t.Passed), Is.EqualTo(new[] { true, true }), "probes confirmed by the server's close");
        var confirmed = result.Scenarios.Sum(s => s.Ok.Count);
        Assert.That(confirmed, Is.GreaterThan(0));
        Assert.That(server.Ledger.Unknown, Is.GreaterThanOrEqualTo(confirmed + 2), "every confirmed message and both probes reached the server's stdout");
        Assert.That(server.Ledger.Malformed, Is.Zero);
    }

    internal static string ConsoleSummary(RunResult result) =>
        string.Join('\n', result.Scenarios.Select(s => string.Join(" | ", Fmt.SummaryRow(s)) + " | status: " + string.Join(", ", s.StatusCodes.Select(kv => $"{kv.Key}={kv.Value}")))
            .Concat(result.Scenarios.SelectMany(s => s.Evidence.Select(e => $"{s.Name}: {e.Label}: {e.Value}"))));
}
