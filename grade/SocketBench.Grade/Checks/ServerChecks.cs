using SocketBench.Grade.Evidence;
using SocketBench.Grade.Model;

namespace SocketBench.Grade.Checks;

/// <summary>The server side of the spec tier: the submission's server against our clients.</summary>
internal static partial class ServerChecks
{
    public static IEnumerable<CheckDefinition> All()
    {
        foreach (var m in Messages.Exact)
        {
            yield return new CheckDefinition($"server-exact-{m.Name}", TierId.Spec, Side.Server, SpecText.ServerLoop, (p, ct) => ExactAsync(p, m, ct))
            {
                InQuick = !m.Large,
                Deadline = TimeSpan.FromSeconds(m.Large ? 240 : 60),
            };
        }

        yield return Spec("server-sequential-clients", SpecText.ServerInfinite, SequentialAsync);
        yield return Spec("server-overlapping-no-interleave", SpecText.ServerQueue, OverlappingAsync);
        yield return Spec("server-queue-length", SpecText.ServerQueue, QueueLengthAsync);
        yield return Spec("server-queued-all-served", SpecText.ServerQueue, QueuedAllServedAsync);
        yield return Spec("server-flush-before-next", SpecText.ServerLoop, FlushBeforeNextAsync);
        yield return Spec("server-survives-reset", SpecText.ServerErrors, SurvivesResetAsync);
        yield return Spec("server-survives-connect-close", SpecText.ServerErrors, SurvivesConnectCloseAsync);
        yield return Spec("server-survives-stall", SpecText.ServerQueue, SurvivesStallAsync);
        yield return Spec("server-fatal-error-exits", SpecText.ServerErrors, FatalErrorExitsAsync);
        yield return Spec("server-exits-on-signal", SpecText.ServerSignal, ExitsOnSignalAsync);
    }

    private static CheckDefinition Spec(string id, string spec, Func<Probe, CancellationToken, Task<CheckOutcome>> run) =>
        new(id, TierId.Spec, Side.Server, spec, run);
}
