using SocketBench.Grade.Evidence;
using SocketBench.Grade.Model;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <summary>The client side of the spec tier: the submission's client against our C# server (or an in-process one of ours).</summary>
internal static partial class ClientChecks
{
    private static readonly TimeSpan ClientDeadline = TimeSpan.FromSeconds(60);

    public static IEnumerable<CheckDefinition> All()
    {
        foreach (var m in Messages.Exact)
        {
            yield return new CheckDefinition($"client-exact-{m.Name}", TierId.Spec, Side.Client, SpecText.ClientExact, (p, ct) => ExactAsync(p, m, ct))
            {
                InQuick = !m.Large,
                Deadline = TimeSpan.FromSeconds(m.Large ? 180 : 60),
            };
        }

        yield return new CheckDefinition("client-constant-memory", TierId.Spec, Side.Client, SpecText.ClientLarge, ConstantMemoryAsync) { InQuick = false, Deadline = TimeSpan.FromSeconds(240) };
        yield return Spec("client-partial-sends", SpecText.ClientPartial, PartialSendsAsync);
        yield return Spec("client-no-server-error", SpecText.ClientErrors, NoServerAsync);
        yield return Spec("client-reset-mid-send", SpecText.ClientErrors, ResetMidSendAsync);
        yield return Spec("client-bad-arguments", SpecText.ClientArguments, BadArgumentsAsync);
        yield return Spec("client-no-traceback", SpecText.ClientErrors, NoTracebackAsync);
    }

    private static CheckDefinition Spec(string id, string spec, Func<Probe, CancellationToken, Task<CheckOutcome>> run) =>
        new(id, TierId.Spec, Side.Client, spec, run);

    private static async Task<CheckOutcome> ExactAsync(Probe p, Message m, CancellationToken ct)
    {
        var message = m.Make();
        var matcher = new OutputMatcher(ExpectedBytes.Of(message));
        p.Add("message", $"{m.What}: {ByteText.Size(message.Length)} on the client's stdin");
        await using var server = await Programs.StartServerAsync(p.Context.Ours.CsharpServer, matcher, cancellationToken: ct);
        var run = await Programs.RunSubmissionClientAsync(p, $"sending {m.Name}", server.EndPoint, new MemoryStream(message, writable: false), ClientDeadline, cancellationToken: ct);
        await AddRunAsync(p, run, matcher, ct);
        if (run.ExitCode != 0)
        {
            var delivered = matcher.Matches ? "the message arrived whole, but " : "";
            return CheckOutcome.Fail($"{delivered}the client ended with {Programs.Ending(run, ClientDeadline)}");
        }

        return ServerChecks.Judge(p, matcher, $"{ByteText.Size(message.Length)} arrived exactly; the client exited 0");
    }

    /// <summary>Evidence of a client run against our server, once its output has settled.</summary>
    private static async Task AddRunAsync(Probe p, ProcessResult run, OutputMatcher matcher, CancellationToken ct)
    {
        p.Add("client", Programs.Ending(run, ClientDeadline));
        if (run.Stderr.Trim().Length > 0)
        {
            p.Add("client stderr", Programs.StderrLines(run));
        }

        await Poll.UntilAsync(() => matcher.Complete, ServerChecks.OutputWait(matcher.Expected.Length), cancellationToken: ct);
        await Poll.UntilAsync(() => matcher.Received > matcher.Expected.Length, TimeSpan.FromMilliseconds(250), cancellationToken: ct);
        p.Add("our server printed", $"{matcher.Received} of {matcher.Expected.Length} bytes");
    }
}
