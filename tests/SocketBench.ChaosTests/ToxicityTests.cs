using SocketBench.Processes;
using System.Text;
using NUnit.Framework;
using SocketBench.Testing;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.ChaosTests;

/// <summary>
/// reset_peer with toxicity 0.5 over 20 sequential clients: each client is Delivered or a
/// DetectedFailure, both occur, and a second run with the same -seed gives the same sequence.
/// </summary>
[TestFixture]
[Category("chaos")]
public class ToxicityTests
{
    public const string ScenarioName = "toxicity-0.5-x20";
    private const int Clients = 20;
    private const long Seed = 42;

    public static IEnumerable<TestCaseData> Cases() =>
        from pair in Implementations.Pairs
        where ChaosMatrixTests.Full || pair.Client.Name == pair.Server.Name
        select new TestCaseData(pair.Client, pair.Server).SetName($"client={pair.Client.Name} server={pair.Server.Name} scenario={ScenarioName}");

    [TestCaseSource(nameof(Cases))]
    public async Task Pair_ToxicityHalf_EachClientDeliveredOrDetectedAndSeedRepeats(Implementation client, Implementation server)
    {
        var pair = $"{client.Name}->{server.Name}";
        var first = await RunAsync(client, server);
        var second = await RunAsync(client, server);
        var delivered = first.Count(o => o == Outcome.Delivered);
        var summary = $"{delivered} Delivered, {first.Count(o => o == Outcome.DetectedFailure)} DetectedFailure";
        var pass = first.All(o => o is Outcome.Delivered or Outcome.DetectedFailure) && delivered is > 0 and < Clients && first.SequenceEqual(second);
        ChaosReport.Record(new ChaosCell(pair, ScenarioName, "Delivered|DetectedFailure", summary, pass, false,
            $"run1=[{string.Join(',', first)}] run2=[{string.Join(',', second)}]"));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.All.AnyOf(Outcome.Delivered, Outcome.DetectedFailure), "each client's outcome");
            Assert.That(delivered, Is.InRange(1, Clients - 1), "toxicity 0.5 over 20 clients hits some and spares some");
            Assert.That(second, Is.EqualTo(first), $"the same -seed {Seed} gives the same sequence");
        });
    }

    private static async Task<List<Outcome>> RunAsync(Implementation client, Implementation server)
    {
        using var toxiproxy = await ToxiproxyInstance.StartAsync(seed: Seed);
        await using var context = await ChaosContext.StartAsync(toxiproxy, client, server, "toxicity", [new ResetPeerToxic { TimeoutMilliseconds = 0, Stream = ToxicStream.Upstream, Toxicity = 0.5f }]);
        var outcomes = new List<Outcome>();
        var expectedOutput = new List<byte>();
        for (var i = 0; i < Clients; i++)
        {
            var message = Encoding.ASCII.GetBytes($"toxicity client {i:D2}\n" + new string('x', 4000) + "\n");
            var before = context.Server.Child.Stdout.TotalBytes;
            var result = await context.SendThroughProxyAsync(message, "--retries", "0");

            // A probe straight to the server closes this client's slice: whatever the server printed
            // between the client's start and the probe is this client's, and nothing of it comes later.
            var (arrived, slice) = await ChaosContext.ProbeAsync(context.Server, before);
            var observation = new Observation(result.ExitCode, 1, 0, message, slice, arrived, result.Stderr, ClientHasExtensions: context.ClientHasExtensions);
            outcomes.Add(observation.Classify());
        }

        return outcomes;
    }
}
