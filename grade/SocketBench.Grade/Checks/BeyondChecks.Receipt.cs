using System.Net;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>
/// <c>--receipt</c> (DESIGN.md section 3a): their server sends <c>SBR/1 COUNT SHA256</c> for what
/// reached its stdout; their client exits 0 on a matching receipt and 74 with a
/// <c>client: receipt:</c> line when the server's stdout got only a prefix.
/// </content>
internal static partial class BeyondChecks
{
    private const string ReceiptOption = "--receipt";

    private static async Task<CheckOutcome> ReceiptAsync(Probe p, CancellationToken ct)
    {
        var credited = new List<string>();
        var problems = new List<string>();
        var offered = 0;
        if (p.Context.Submission.Server is { } server && p.Context.ServerStartFailure is null && await Programs.OffersAsync(p, server, ReceiptOption, ct))
        {
            offered++;
            Note(await ServerReceiptAsync(p, server, ct), "their server's receipt matches what reached its stdout", credited, problems);
        }

        if (p.Context.Submission.Client is { } client && await Programs.OffersAsync(p, client, ReceiptOption, ct))
        {
            offered++;
            Note(await ClientReceiptAsync(p, client, ct), "their client exits 0 on a matching receipt and 74 when the server got a prefix", credited, problems);
        }

        return offered == 0 ? CheckOutcome.Skip($"not offered (no {ReceiptOption} in `--help`)")
            : problems.Count > 0 ? CheckOutcome.Fail($"{ReceiptOption} is offered, but: {string.Join("; ", problems)}")
            : CheckOutcome.Pass($"{ReceiptOption}: {string.Join("; ", credited)}");
    }

    /// <summary>Our in-process client sends a message to their <c>--receipt</c> server and reads the receipt. Null when it is right.</summary>
    private static async Task<string?> ServerReceiptAsync(Probe p, string path, CancellationToken ct)
    {
        var message = Messages.Text(20_000, 501);
        await using var server = await StartOfferedAsync(p, path, [ReceiptOption], ct);
        using var client = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct);
        await client.SendAsync(message, ct);
        client.Finish();
        var (received, closed) = await client.ReadUntilClosedAsync(256, TimeSpan.FromSeconds(10), ct);
        var expected = Receipt.For(message);
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= message.Length || server.Child.HasExited, TimeSpan.FromSeconds(2), cancellationToken: ct);
        var whole = server.Child.Stdout.ToArray().SequenceEqual(message);
        var said = received.AsSpan().SequenceEqual(expected) ? $"\"{ByteText.Escape(received)}\", as expected" : $"{ByteText.Show(received)}; expected \"{ByteText.Escape(expected)}\"";
        p.Add("server --receipt", $"{ByteText.Size(message.Length)} sent; {(closed ? "closed" : "not closed within 10 s")} after sending {said}; stdout {(whole ? "is the message" : $"{server.Child.Stdout.TotalBytes} bytes, not the message")}");
        return !closed ? "their server did not close after the receipt"
            : !received.AsSpan().SequenceEqual(expected) ? "their server's receipt is not `SBR/1 COUNT SHA256` of the message"
            : !whole ? "their server's stdout is not the message"
            : null;
    }

    /// <summary>Their <c>--receipt</c> client against our receipt server: an honest receipt (exit 0), then one for half the message, as from a server whose stdout got a prefix (exit 74, a receipt line). Null when both are right.</summary>
    private static async Task<string?> ClientReceiptAsync(Probe p, string path, CancellationToken ct)
    {
        var message = Messages.Text(20_000, 502);
        var honest = await ClientAgainstAsync(p, path, message, n => n, "honest", ct);
        var truncated = await ClientAgainstAsync(p, path, message, n => n / 2, "half acknowledged", ct);
        var line = truncated.Stderr.Split('\n').Any(l => l.Contains("receipt", StringComparison.Ordinal));
        return honest.ExitCode != 0 ? $"their client exited {Show(honest.ExitCode)} on a matching receipt"
            : truncated.ExitCode != 74 ? $"their client exited {Show(truncated.ExitCode)} when the server got only half (74 expected)"
            : !line ? "their client exited 74 without a `client: receipt: ...` line"
            : null;
    }

    private static async Task<ProcessResult> ClientAgainstAsync(Probe p, string path, byte[] message, Func<int, int> acknowledge, string what, CancellationToken ct)
    {
        using var server = new ReceiptServer();
        var serving = server.ServeOneAsync(acknowledge, Deadline, ct);
        var run = await Programs.RunClientAsync(path, new IPEndPoint(IPAddress.Loopback, server.EndPoint.Port), new MemoryStream(message, writable: false), Deadline, [ReceiptOption], cancellationToken: ct);
        var received = await serving;
        p.Add($"client --receipt, {what}", $"{Programs.Ending(run, Deadline)}; our receipt server got {(received is null ? "no message" : ByteText.Size(received.Length))}; stderr: {Programs.StderrLines(run)}");
        return run;
    }

    private static void Note(string? problem, string credit, List<string> credited, List<string> problems)
    {
        if (problem is null)
        {
            credited.Add(credit);
        }
        else
        {
            problems.Add(problem);
        }
    }

    private static string Show(int? code) => code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (killed at the deadline)";
}
