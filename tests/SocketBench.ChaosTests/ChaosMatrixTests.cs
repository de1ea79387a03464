using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ChaosTests;

/// <summary>
/// Every client x server pair through every scenario (<c>make test</c> and <c>make chaos</c>; the
/// full matrix takes about a minute). With CHAOS_QUICK=1 the C#/C# pair runs every scenario and the
/// other pairs only the quick ones.
/// </summary>
[TestFixture]
[Category("chaos")]
public class ChaosMatrixTests
{
    private static ToxiproxyInstance? toxiproxy;

    public static bool Full => Environment.GetEnvironmentVariable("CHAOS_QUICK") != "1";

    public static IEnumerable<TestCaseData> Cases() =>
        from pair in Implementations.Pairs
        from s in (Full || (pair.Client.Name == "csharp" && pair.Server.Name == "csharp")) ? ChaosScenarios.All : ChaosScenarios.Quick(maxCost: 2)
        select new TestCaseData(pair.Client, pair.Server, s).SetName($"client={pair.Client.Name} server={pair.Server.Name} scenario={s.Name}");

    [OneTimeSetUp]
    public static async Task StartProxy() => toxiproxy = await ToxiproxyInstance.StartAsync();

    [OneTimeTearDown]
    public static void StopProxy() => toxiproxy?.Dispose();

    [TestCaseSource(nameof(Cases))]
    public async Task Pair_Scenario_HasItsOutcome(Implementation client, Implementation server, ChaosScenario scenario)
    {
        var pair = $"{client.Name}->{server.Name}";
        if (scenario.NeedsClientExtension is { } needed)
        {
            await Extensions.RequireClientAsync(client, needed);
        }

        if (scenario.Receipts)
        {
            await RequireReceiptsAsync(pair, client, server, scenario);
        }

        await using var context = await ChaosContext.StartAsync(toxiproxy!, client, server, $"{client.Name}-{server.Name}-{scenario.Name.Replace(' ', '-')}", scenario.Toxics, scenario.Receipts);
        Observation observed;
        try
        {
            observed = await Deadline.Within(scenario.Run(context), TimeSpan.FromSeconds(180), scenario.Name);
        }
        catch (Exception e) when (e is not NUnit.Framework.Internal.NUnitException and not ResultStateException)
        {
            ChaosReport.Record(new ChaosCell(pair, scenario.Name, scenario.Expected.ToString(), "Error", false, scenario.Flagged, e.Message));
            throw;
        }
        catch (AssertionException e)
        {
            ChaosReport.Record(new ChaosCell(pair, scenario.Name, scenario.Expected.ToString(), "Broken", false, scenario.Flagged, e.Message));
            throw;
        }

        var outcome = observed.Classify();
        var extra = scenario.Check?.Invoke(client.Name, observed);
        var pass = (outcome == scenario.Expected || outcome == scenario.AlsoAllowed) && extra is null;
        var detail = $"{observed.Describe()}{(extra is null ? "" : "; " + extra)}; {context.Diagnostics()}";
        var receiptLine = scenario.Receipts ? observed.ClientStderr.Split('\n').FirstOrDefault(l => l.StartsWith("client: receipt: ", StringComparison.Ordinal)) : null;
        ChaosReport.Record(new ChaosCell(pair, scenario.Name, scenario.Expected.ToString(), outcome.ToString(), pass, scenario.Flagged, pass ? observed.Describe() + (receiptLine is null ? "" : "; " + receiptLine) : detail));
        Assert.That(pass, Is.True, $"client={client.Name} server={server.Name} scenario={scenario.Name}: expected {scenario.Expected}, observed {outcome}; {detail}; client stderr=[{observed.ClientStderr.Trim()}]");
    }

    /// <summary>A receipts cell needs <c>--receipt</c> on both sides: a side without it skips the cell (in the report too), saying which.</summary>
    private static async Task RequireReceiptsAsync(string pair, Implementation client, Implementation server, ChaosScenario scenario)
    {
        const string option = ChaosScenarios.ReceiptOption;
        if (!await Extensions.HasOptionAsync(server.Server, option))
        {
            RecordSkip(pair, scenario, "server", server);
            await Extensions.RequireServerOptionsAsync(server, option);
        }

        if (!await Extensions.HasOptionAsync(client.Client, option))
        {
            RecordSkip(pair, scenario, "client", client);
            await Extensions.RequireClientOptionsAsync(client, option);
        }
    }

    private static void RecordSkip(string pair, ChaosScenario scenario, string side, Implementation impl) =>
        ChaosReport.Record(new ChaosCell(pair, scenario.Name, scenario.Expected.ToString(), $"{side} lacks {ChaosScenarios.ReceiptOption}", true, false, $"{side}={impl.Name}: `{side} --help` does not name {ChaosScenarios.ReceiptOption}") { Skipped = true });
}
