using System.Globalization;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>
/// <c>server --concurrency N</c> (DESIGN.md section 3a): a stalled client does not delay another
/// client's message, and whole messages still never interleave on stdout.
/// </content>
internal static partial class BeyondChecks
{
    private const string ConcurrencyOption = "--concurrency";
    private const int Overlapping = 4;
    private static readonly TimeSpan SecondClientWait = TimeSpan.FromSeconds(5);

    private static async Task<CheckOutcome> ConcurrencyAsync(Probe p, CancellationToken ct)
    {
        var path = p.Context.Submission.Server!;
        if (!await Programs.OffersAsync(p, path, ConcurrencyOption, ct))
        {
            return CheckOutcome.Skip($"not offered (no {ConcurrencyOption} in `server --help`)");
        }

        await using var server = await StartOfferedAsync(p, path, [ConcurrencyOption, Overlapping.ToString(CultureInfo.InvariantCulture)], ct);
        p.Add("server", $"{ConcurrencyOption} {Overlapping}: listening on port {server.Port}");
        var stalledHead = "[stalled client] first half, "u8.ToArray();
        var stalledTail = "second half, sent once the other client was served\n"u8.ToArray();
        var second = Messages.Tagged("second client, while the first stalls", 3000, 401);
        using var holder = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct);
        await holder.SendAsync(stalledHead, ct);
        await Poll.UntilAsync(() => server.CurrentListener()?.Queued == 0, TimeSpan.FromSeconds(5), cancellationToken: ct);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new MemoryStream(second, writable: false), SecondClientWait + SecondClientWait, ["--drain-timeout", "10"], cancellationToken: ct);
        var served = await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= second.Length || server.Child.HasExited, SecondClientWait, cancellationToken: ct)
            && server.Child.Stdout.ToArray().SequenceEqual(second);
        p.Add("stalled client", $"connected and sent {stalledHead.Length} bytes, then held its connection");
        p.Add("second client", $"our C# client, {ByteText.Size(second.Length)}: {Programs.Ending(run, SecondClientWait + SecondClientWait)}; {(served ? $"whole on stdout after {clock.ElapsedMilliseconds} ms, while the first still held" : $"not on stdout (alone and whole) within {SecondClientWait.TotalSeconds:0} s: stdout {server.Child.Stdout.TotalBytes} bytes")}");
        await holder.SendAsync(stalledTail, ct);
        holder.Finish();
        await holder.WaitClosedAsync(TimeSpan.FromSeconds(10), ct);
        if (!served)
        {
            return CheckOutcome.Fail($"{ConcurrencyOption} {Overlapping} is offered, but a stalled client delayed a second client's message");
        }

        byte[][] messages = [second, [.. stalledHead, .. stalledTail], .. Enumerable.Range(1, Overlapping).Select(i => Messages.Tagged($"overlapping client {i} of {Overlapping}", 100_000, 410 + i))];
        var problem = await OverlapAsync(p, server, messages, ct);
        return problem is null
            ? CheckOutcome.Pass($"{ConcurrencyOption} {Overlapping}: a stalled client did not delay a second client's message; {Overlapping} overlapping messages each whole on stdout")
            : CheckOutcome.Fail($"{ConcurrencyOption} {Overlapping}: {problem}");
    }

    /// <summary>Starts their server with an option its <c>--help</c> names; one that then does not listen fails the check (<see cref="CheckFailedException"/>).</summary>
    private static async Task<ServerProcess> StartOfferedAsync(Probe p, string path, IReadOnlyList<string> options, CancellationToken ct)
    {
        try
        {
            return await Programs.StartServerAsync(path, null, options, cancellationToken: ct);
        }
        catch (ServerStartException e)
        {
            p.Add($"server {string.Join(' ', options)}", e.Message);
            throw new CheckFailedException($"{options[0]} is offered, but the server did not listen with {string.Join(' ', options)}");
        }
    }

    /// <summary>
    /// The last <see cref="Overlapping"/> of <paramref name="messages"/> from our C# clients at once, each
    /// holding its second half until all are connected and served at once; then the whole output
    /// must be <paramref name="messages"/>, each whole. Null when it is; else what breaks it.
    /// </summary>
    private static async Task<string?> OverlapAsync(Probe p, ServerProcess server, byte[][] messages, CancellationToken ct)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var overlapping = messages[^Overlapping..];
        var runs = overlapping.Select(m => Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new GatedStream(m, m.Length / 2, gate.Task), Deadline, ["--drain-timeout", "30"], cancellationToken: ct)).ToList();
        var together = await Poll.UntilAsync(() => Listeners.ConnectionsOfTree(server.Child.Pid).Count >= Overlapping && server.CurrentListener()?.Queued == 0, TimeSpan.FromSeconds(10), cancellationToken: ct);
        gate.TrySetResult();
        var results = await Task.WhenAll(runs);
        p.Add("overlapping clients", $"{Overlapping} of our C# clients, {ByteText.Size(overlapping[0].Length)} each, {(together ? "all served at once" : "not all served at once within 10 s")} with half their message sent before any sent the rest; exits: {string.Join(" ", results.Select(r => r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "killed"))}");
        var total = messages.Sum(m => (long)m.Length);
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= total || server.Child.HasExited, TimeSpan.FromSeconds(10), cancellationToken: ct);
        var split = Interleaving.Split(server.Child.Stdout.ToArray(), messages);
        p.Add("stdout", $"{server.Child.Stdout.TotalBytes} of {total} bytes; whole messages in this order: {string.Join(" ", split.Order.Select(i => i + 1))}");
        if (split.Problem is { } problem)
        {
            p.Add("problem", problem);
            return problem.StartsWith("output ends", StringComparison.Ordinal) ? problem : "messages interleaved on stdout: " + problem;
        }

        return together ? null : "the overlapping clients were not served at once";
    }
}
