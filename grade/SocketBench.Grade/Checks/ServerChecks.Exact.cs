using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>Exact bytes: one message sent by each of our clients in turn; stdout must be the message, once per client, nothing added.</content>
internal static partial class ServerChecks
{
    private static readonly TimeSpan ClientDeadline = TimeSpan.FromSeconds(60);

    /// <summary>How long a message of <paramref name="length"/> bytes may take to reach stdout after its client ends.</summary>
    internal static TimeSpan OutputWait(long length) => TimeSpan.FromSeconds(5 + (length / (20 << 20)));

    private static async Task<CheckOutcome> ExactAsync(Probe p, Message m, CancellationToken ct)
    {
        var message = m.Make();
        var clients = p.Context.Ours.Clients().ToList();
        var matcher = new OutputMatcher(ExpectedBytes.Of([.. clients.Select(_ => message)]));
        p.Add("message", $"{m.What}: {ByteText.Size(message.Length)}, sent by each of our clients in turn ({string.Join(", ", clients.Select(c => c.Name))})");
        await using var server = await Programs.StartSubmissionServerAsync(p, matcher, ct);
        for (var i = 0; i < clients.Count; i++)
        {
            var (name, path) = clients[i];
            var run = await Programs.RunClientAsync(path, server.EndPoint, new MemoryStream(message, writable: false), ClientDeadline, cancellationToken: ct);
            var target = (long)message.Length * (i + 1);
            await Poll.UntilAsync(() => matcher.Received >= target || server.Child.HasExited, OutputWait(message.Length), cancellationToken: ct);
            p.Add($"our {name} client", $"{Programs.Ending(run, ClientDeadline)}; stdout then held {matcher.Received} of {target} bytes");
            if (server.Child.HasExited)
            {
                p.Add("server", $"exited with code {server.Child.ExitCode} after client {i + 1}; stderr: {ByteText.FirstLines(server.Child.Stderr)}");
                break;
            }
        }

        await SettleAsync(p, server, matcher, ct);
        return Judge(p, matcher, $"{clients.Count} clients x {ByteText.Size(message.Length)}: stdout is exactly the messages, in order, nothing added");
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
