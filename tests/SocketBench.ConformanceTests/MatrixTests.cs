using SocketBench.Processes;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>Every client against every server (IMPLS), through every DESIGN.md section 6 case.</summary>
[TestFixture]
[Category("conformance")]
public class MatrixTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from pair in Implementations.Pairs
        from c in ConformanceCases.All
        select new TestCaseData(pair.Client, pair.Server, c)
            .SetName($"client={pair.Client.Name} server={pair.Server.Name} case={c.Name}");

    [TestCaseSource(nameof(Cases))]
    public async Task Pair_Case_DeliversExactly(Implementation client, Implementation server, ConformanceCase testCase)
    {
        using var running = await RunningServer.StartAsync(server);
        await Deadline.Within(testCase.Run(client, running), TimeSpan.FromSeconds(120), testCase.Name);

        var exit = await running.StopAsync(Signals.SigTerm);
        Assert.That(exit, Is.Zero, $"server exit after SIGTERM; stderr=[{running.Child.Stderr.Trim()}]");
    }
}
