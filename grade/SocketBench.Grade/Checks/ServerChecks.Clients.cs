using System.Globalization;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>Many clients: in sequence, overlapping, queued behind a busy server.</content>
internal static partial class ServerChecks
{
    private const int Overlapping = 10;
    private const int Queued = 5;

    private static async Task<CheckOutcome> SequentialAsync(Probe p, CancellationToken ct)
    {
        byte[][] messages = [.. Enumerable.Range(1, 3).Select(i => Messages.Tagged($"sequential client {i} of 3", 2000 * i, 10 + i))];
        var matcher = new OutputMatcher(ExpectedBytes.Of(messages));
        await using var server = await Programs.StartSubmissionServerAsync(p, matcher, ct);
        for (var i = 0; i < messages.Length; i++)
        {
            var run = await Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new MemoryStream(messages[i], writable: false), ClientDeadline, cancellationToken: ct);
            p.Add($"client {i + 1}", $"{ByteText.Size(messages[i].Length)}; {Programs.Ending(run, ClientDeadline)}");
        }

        await SettleAsync(p, server, matcher, ct);
        return Judge(p, matcher, "3 clients one after another: stdout is their messages in order");
    }

    private static async Task<CheckOutcome> OverlappingAsync(Probe p, CancellationToken ct)
    {
        byte[][] messages = [.. Enumerable.Range(1, Overlapping).Select(i => Messages.Tagged($"overlapping client {i:00} of {Overlapping}", 100_000, 100 + i))];
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        // Every client sends half its message, then waits until the server's output stops growing
        // (all halves printed by a concurrent server; one by a sequential one), then sends the rest.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var half = 50_000;
        var runs = messages.Select(m => Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new GatedStream(m, half, gate.Task), ClientDeadline, ["--drain-timeout", "30"], cancellationToken: ct)).ToList();
        await SettleOutputAsync(server, (long)half * Overlapping, ct);
        gate.TrySetResult();
        var results = await Task.WhenAll(runs);
        p.Add("clients", $"{Overlapping} of our C# clients started together, {ByteText.Size(100_000)} each, all holding the second half of their message until the server's output stopped growing; exits: {string.Join(" ", results.Select(r => r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "killed"))}");
        var total = messages.Sum(m => (long)m.Length);
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= total || server.Child.HasExited, OutputWait(total), cancellationToken: ct);
        var split = Interleaving.Split(server.Child.Stdout.ToArray(), messages);
        p.Add("stdout", $"{server.Child.Stdout.TotalBytes} of {total} bytes; whole messages in this order: {string.Join(" ", split.Order.Select(i => i + 1))}");
        if (split.Problem is { } problem)
        {
            p.Add("problem", problem);
            return CheckOutcome.Fail(problem.StartsWith("output ends", StringComparison.Ordinal) ? problem : "messages interleaved on stdout: " + problem);
        }

        return CheckOutcome.Pass($"{Overlapping} overlapping clients: each message whole on stdout, none mixed with another");
    }

    /// <summary>Waits (at most 10 s) until stdout holds <paramref name="enough"/> bytes or has not grown for 500 ms.</summary>
    private static async Task SettleOutputAsync(ServerProcess server, long enough, CancellationToken ct)
    {
        var last = -1L;
        var steady = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(
            () =>
            {
                var now = server.Child.Stdout.TotalBytes;
                if (now != last)
                {
                    last = now;
                    steady.Restart();
                }

                return now >= enough || server.Child.HasExited || (now > 0 && steady.Elapsed > TimeSpan.FromMilliseconds(500));
            },
            TimeSpan.FromSeconds(10),
            cancellationToken: ct).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> QueueLengthAsync(Probe p, CancellationToken ct)
    {
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct, servesClients: false);
        if (server.Listener.QueueLimit is not { } limit)
        {
            p.Add("kernel", "sock_diag gave no queue limit here");
            return CheckOutcome.Skip("the kernel did not tell the listening socket's queue limit (no netlink sock_diag)");
        }

        p.Add("measured queue limit", $"{limit} (the accept queue's limit the kernel reports for the listening socket, as ss -ltn shows in Send-Q; listen(backlog) sets it)");
        return CheckOutcome.Verdict(
            limit is >= 5 and <= 10,
            $"client queue of {limit} (spec: 5-10)",
            $"client queue of {limit}: the spec asks for 5-10 (pass 5..10 to listen())");
    }

    private static async Task<CheckOutcome> QueuedAllServedAsync(Probe p, CancellationToken ct)
    {
        var stalled = "[held client] first half, "u8.ToArray();
        var stalledEnd = "second half\n"u8.ToArray();
        byte[][] queued = [.. Enumerable.Range(1, Queued).Select(i => Messages.Tagged($"queued client {i} of {Queued}", 3000, 200 + i))];
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        using var holder = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct);
        await holder.SendAsync(stalled, ct);

        // The holder is being served once nothing waits in the accept queue.
        await Poll.UntilAsync(() => server.CurrentListener()?.Queued == 0, TimeSpan.FromSeconds(5), cancellationToken: ct);
        var clients = queued.Select(m => SendWholeAsync(server, m, ct)).ToList();
        var seen = 0;
        await Poll.UntilAsync(() => (seen = Math.Max(seen, server.CurrentListener()?.Queued ?? 0)) >= Queued || server.Child.HasExited, TimeSpan.FromSeconds(3), cancellationToken: ct);
        p.Add("held", $"one client connected and sent {stalled.Length} bytes, then waited; {Queued} more connected and sent whole messages of 3000 bytes");
        p.Add("accept queue while held", $"{seen} connection(s) waiting (kernel's count)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await holder.SendAsync(stalledEnd, ct);
        holder.Finish();
        var closed = await Task.WhenAll(clients);
        p.Add("after release", $"{closed.Count(c => c)} of {Queued} queued clients were closed by the server within {clock.Elapsed.TotalSeconds:0.0} s");
        byte[][] all = [[.. stalled, .. stalledEnd], .. queued];
        var total = all.Sum(m => (long)m.Length);
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= total || server.Child.HasExited, OutputWait(total), cancellationToken: ct);
        var split = Interleaving.Split(server.Child.Stdout.ToArray(), all);
        p.Add("stdout", $"{server.Child.Stdout.TotalBytes} of {total} bytes; whole messages: {split.Order.Count} of {all.Length}");
        if (split.Problem is { } problem)
        {
            p.Add("problem", problem);
            return CheckOutcome.Fail(server.Child.HasExited
                ? $"the server exited (code {server.Child.ExitCode}) before serving every queued client: {problem}"
                : $"not every queued client was served: {problem}");
        }

        return CheckOutcome.Pass($"{Queued} clients queued behind a busy one were all served, whole, once it left");
    }

    /// <summary>Connects, sends a whole message, ends it, and waits for the server's close (true) within the deadline.</summary>
    private static async Task<bool> SendWholeAsync(ServerProcess server, byte[] message, CancellationToken ct)
    {
        try
        {
            using var client = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(20), ct);
            await client.SendAsync(message, ct);
            client.Finish();
            return await client.WaitClosedAsync(TimeSpan.FromSeconds(20), ct);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
