using System.Diagnostics;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>
/// Exact bytes: one message sent by each of our clients, each to a fresh server (so a server that
/// serves one client and exits fails the sequential check, not these); stdout must be the message,
/// nothing added.
/// </content>
internal static partial class ServerChecks
{
    private static readonly TimeSpan ClientDeadline = TimeSpan.FromSeconds(60);

    /// <summary>How long our only client's connection may wait in the accept queue before the server counts as serving no client.</summary>
    private static readonly TimeSpan AcceptGrace = TimeSpan.FromSeconds(10);

    /// <summary>How long a message of <paramref name="length"/> bytes may take to reach stdout after its client ends.</summary>
    internal static TimeSpan OutputWait(long length) => TimeSpan.FromSeconds(5 + (length / (20 << 20)));

    private static async Task<CheckOutcome> ExactAsync(Probe p, Message m, CancellationToken ct)
    {
        var message = m.Make();
        var clients = p.Context.Ours.Clients().ToList();
        p.Add("message", $"{m.What}: {ByteText.Size(message.Length)}, sent by each of our clients ({string.Join(", ", clients.Select(c => c.Name))}), each to its own server (started together)");
        var failed = new List<string>();
        CheckOutcome? first = null;

        // The servers start together (a start costs about a second for an interpreted server); each then serves one client.
        var matchers = clients.Select(_ => new OutputMatcher(ExpectedBytes.Of([message]))).ToList();
        var starts = matchers.Select(matcher => Programs.StartSubmissionServerAsync(p, matcher, ct)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch (Exception) when (starts.Any(s => s.IsCompletedSuccessfully))
        {
            await Task.WhenAll(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.DisposeAsync().AsTask()));
            throw;
        }

        await using var servers = new ServerGroup([.. starts.Select(s => s.Result)]);
        for (var i = 0; i < clients.Count; i++)
        {
            var (name, path) = clients[i];
            var (server, matcher) = (servers.Items[i], matchers[i]);
            var run = await RunServedClientAsync(p, server, matcher, path, message, $"server-exact-{m.Name}", ct);
            await Poll.UntilAsync(() => matcher.Received >= message.Length || server.Child.HasExited, OutputWait(message.Length), cancellationToken: ct);
            p.Add($"our {name} client", $"{Programs.Ending(run, ClientDeadline)}; stdout then held {matcher.Received} of {message.Length} bytes");
            await SettleAsync(p, server, matcher, ct);
            if (matcher.Describe() is { } mismatch)
            {
                failed.Add(name);
                if (first is null)
                {
                    p.Add(mismatch.Entries());
                    first = CheckOutcome.Fail($"with our {name} client: {mismatch.Headline}");
                }
            }
        }

        return first is null
            ? CheckOutcome.Pass($"{clients.Count} clients x {ByteText.Size(message.Length)}, each to a fresh server: stdout is exactly the message, nothing added")
            : CheckOutcome.Fail($"{first.Summary} (failed with: {string.Join(", ", failed)})");
    }

    /// <summary>
    /// Runs one of our clients against a server that has no other client. When the connection still
    /// waits in the accept queue <see cref="AcceptGrace"/> after the client started and nothing reached
    /// stdout, the server serves no client: the check fails at once, and later server checks fail fast.
    /// </summary>
    private static async Task<ProcessResult> RunServedClientAsync(Probe p, ServerProcess server, OutputMatcher matcher, string path, byte[] message, string check, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = Programs.RunClientAsync(path, server.EndPoint, new MemoryStream(message, writable: false), ClientDeadline, cancellationToken: stop.Token);
        var clock = Stopwatch.StartNew();
        bool Unserved() => clock.Elapsed >= AcceptGrace && matcher.Received == 0 && !server.Child.HasExited && server.CurrentListener()?.Queued > 0;
        bool Accepted() => matcher.Received > 0 || server.CurrentListener()?.Queued is not > 0;
        await Poll.UntilAsync(() => (run.IsCompleted && (clock.Elapsed >= AcceptGrace || Accepted())) || server.Child.HasExited || Unserved(), ClientDeadline, cancellationToken: ct);
        if (!Unserved())
        {
            return await run;
        }

        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The client was killed: it waited on a server that never accepted.
        }

        var why = $"in {check} our client's connection waited {AcceptGrace.TotalSeconds:0} s in the accept queue and was never accepted";
        p.Context.ServerUnserved = why;
        p.Add("accept queue", why);
        throw new CheckFailedException($"the server served no client: {why}");
    }

    /// <summary>Servers that end together.</summary>
    private sealed class ServerGroup(IReadOnlyList<ServerProcess> items) : IAsyncDisposable
    {
        public IReadOnlyList<ServerProcess> Items { get; } = items;

        public async ValueTask DisposeAsync()
        {
            foreach (var server in Items)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Waits for the whole expected output, then a moment for anything extra. A server whose
    /// output never arrives is sent SIGINT (its buffers may flush at exit); that is noted, and the
    /// flush check is where it fails.
    /// </summary>
    internal static async Task SettleAsync(Probe p, ServerProcess server, OutputMatcher matcher, CancellationToken ct)
    {
        await Poll.UntilAsync(() => matcher.Complete || server.Child.HasExited, OutputWait(matcher.Expected.Length), cancellationToken: ct);
        if (!matcher.Complete && !server.Child.HasExited)
        {
            var before = matcher.Received;
            var code = await server.StopAsync(Signals.SigInt, TimeSpan.FromSeconds(5));
            p.Add("output incomplete while running", $"{before} of {matcher.Expected.Length} bytes on stdout; after SIGINT: {matcher.Received} (exit {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
            return;
        }

        // Anything past the expected end (an added newline) shows within this moment.
        await Poll.UntilAsync(() => matcher.Received > matcher.Expected.Length, TimeSpan.FromMilliseconds(250), cancellationToken: ct);
    }

    /// <summary>Pass when the output matched; else fail with the first difference as evidence.</summary>
    internal static CheckOutcome Judge(Probe p, OutputMatcher matcher, string passSummary)
    {
        if (matcher.Describe() is not { } mismatch)
        {
            return CheckOutcome.Pass(passSummary);
        }

        p.Add(mismatch.Entries());
        return CheckOutcome.Fail(mismatch.Headline);
    }
}
