using SocketBench.Processes;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>
/// Every client against every server (IMPLS), through every DESIGN.md section 6 case; by default
/// also the checked-in spec-only pair against itself and against C# on either side, so the suite
/// proves it grades programs that follow the seed spec alone.
/// </summary>
[TestFixture]
[Category("conformance")]
public class MatrixTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from pair in Implementations.PairsWithSpecOnly
        from c in ConformanceCases.All
        select new TestCaseData(pair.Client, pair.Server, c)
            .SetName($"client={pair.Client.Name} server={pair.Server.Name} case={c.Name}");

    [TestCaseSource(nameof(Cases))]
    public async Task Pair_Case_DeliversExactly(Implementation client, Implementation server, ConformanceCase testCase)
    {
        using var running = await server.StartServerAsync();
        await Deadline.Within(testCase.Run(client, running), ConformanceCase.ClientDeadline + ConformanceCase.ClientDeadline, testCase.Name);

        // The spec: a signal ends the server. Ours: with exit code 0 (DESIGN.md section 4).
        var exit = await running.StopAsync(Signals.SigTerm);
        Assert.That(exit, await Extensions.ServerAsync(server) ? Is.Zero : Is.Not.Null, $"server exit after SIGTERM (null: still running); stderr=[{running.Child.Stderr.Trim()}]");
    }
}
