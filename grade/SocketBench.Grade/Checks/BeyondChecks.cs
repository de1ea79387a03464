using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Model;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <summary>The "beyond the spec" tier: our extensions, detected and credited (skip = not offered). Never fails the grade.</summary>
internal static partial class BeyondChecks
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static IEnumerable<CheckDefinition> All()
    {
        yield return Beyond("beyond-port-announcement", Side.Server, PortAnnouncementAsync);
        yield return Beyond("beyond-stats-line", Side.Client, StatsLineAsync);
        yield return Beyond("beyond-exit-codes", Side.Both, ExitCodesAsync);
        yield return Beyond("beyond-backlog-option", Side.Server, BacklogOptionAsync);
        yield return Beyond("beyond-ipv6", Side.Both, Ipv6Async);
        yield return Beyond("beyond-retries", Side.Client, RetriesAsync);
        yield return Beyond("beyond-concurrency", Side.Server, ConcurrencyAsync);
        yield return Beyond("beyond-receipt", Side.Both, ReceiptAsync);
    }

    private static CheckDefinition Beyond(string id, string side, Func<Probe, CancellationToken, Task<CheckOutcome>> run) =>
        new(id, TierId.Beyond, side, SpecText.Beyond, run) { InQuick = false, Deadline = TimeSpan.FromSeconds(45) };

    private static async Task<CheckOutcome> PortAnnouncementAsync(Probe p, CancellationToken ct)
    {
        await using var child = ChildProcess.Start(new ChildProcessOptions { FileName = p.Context.Submission.Server!, Arguments = ["0"], StderrCapBytes = Programs.StderrCap });
        var listener = await Listeners.WaitAsync(child, TimeSpan.FromSeconds(5), cancellationToken: ct);
        if (listener is null)
        {
            p.Add("server 0", child.HasExited ? $"exit {child.ExitCode}; stderr: {ByteText.FirstLines(child.Stderr)}" : "no listening socket within 5 s");
            return CheckOutcome.Skip("does not take port 0 (let the OS choose a port and say which)");
        }

        var said = await Poll.UntilAsync(() => child.Stderr.Contains($"port {listener.Port}", StringComparison.Ordinal), TimeSpan.FromSeconds(2), cancellationToken: ct);
        p.Add("server 0", $"listened on port {listener.Port}; stderr: {ByteText.FirstLines(child.Stderr)}");
        return said ? CheckOutcome.Pass($"port 0: the OS chose {listener.Port} and the server said so on stderr") : CheckOutcome.Skip("port 0 works, but the chosen port is not announced as 'port N' on stderr");
    }

    private static async Task<CheckOutcome> StatsLineAsync(Probe p, CancellationToken ct)
    {
        var message = Messages.Text(5000, 600);
        var matcher = new OutputMatcher(ExpectedBytes.Of(message));
        await using var server = await Programs.StartServerAsync(p.Context.Ours.CsharpServer, matcher, cancellationToken: ct);
        var run = await Programs.RunClientAsync(p.Context.Submission.Client!, server.EndPoint, new MemoryStream(message, writable: false), Deadline, ["-v"], cancellationToken: ct);
        var line = run.Stderr.Split('\n').LastOrDefault(l => StatsRegex().IsMatch(l));
        p.Add("client -v", $"{Programs.Ending(run, Deadline)}; stderr: {Programs.StderrLines(run)}");
        if (run.ExitCode != 0 || line is null)
        {
            return CheckOutcome.Skip("no -v stats line (client: sent=BYTES chunks=N send_calls=N partial_sends=N ...)");
        }

        var sent = long.Parse(StatsRegex().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        return CheckOutcome.Verdict(sent == message.Length, $"-v reports sent={sent} as the last stderr line", $"-v reports sent={sent} but {message.Length} bytes were sent");
    }

    private static Task<CheckOutcome> ExitCodesAsync(Probe p, CancellationToken ct)
    {
        _ = ct;
        (string Situation, int[] Expected)[] table =
        [
            ("client no server", [69, 75]), ("client reset", [74]), ("client bad arguments (no arguments)", [64]),
            ("client bad arguments 127.0.0.1 notaport", [64]), ("server port in use", [69]), ("server SIGINT", [0]), ("server SIGTERM", [0]),
        ];
        var seen = 0;
        var matched = 0;
        foreach (var (situation, expected) in table)
        {
            if (p.Context.TryGetExit(situation, out var code))
            {
                seen++;
                var ok = code is { } c && expected.Contains(c);
                matched += ok ? 1 : 0;
                p.Add(situation, $"exit {code?.ToString(CultureInfo.InvariantCulture) ?? "none"} (sysexits: {string.Join(" or ", expected)}){(ok ? "" : " - differs")}");
            }
        }

        return Task.FromResult(seen == 0 ? CheckOutcome.Skip("no exit codes seen (run the spec tier too)")
            : matched == seen ? CheckOutcome.Pass($"all {seen} exit codes seen follow sysexits.h (docs/DESIGN.md section 4)")
            : matched == 0 ? CheckOutcome.Skip("does not use sysexits.h codes (any non-zero is fine for the spec)")
            : CheckOutcome.Fail($"{matched} of {seen} exit codes follow sysexits.h"));
    }

    private static async Task<CheckOutcome> BacklogOptionAsync(Probe p, CancellationToken ct)
    {
        try
        {
            await using var server = await Programs.StartServerAsync(p.Context.Submission.Server!, null, ["--backlog", "7"], cancellationToken: ct);
            p.Add("server --backlog 7", $"listening; measured queue limit {server.Listener.QueueLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
            return server.Listener.QueueLimit == 7 ? CheckOutcome.Pass("--backlog 7 gives a measured queue limit of 7") : CheckOutcome.Skip("--backlog is accepted but the queue limit is not 7");
        }
        catch (ServerStartException e)
        {
            p.Add("server --backlog 7", e.Message);
            return CheckOutcome.Skip("no --backlog option");
        }
    }

    private static async Task<CheckOutcome> Ipv6Async(Probe p, CancellationToken ct)
    {
        var message = "over IPv6\n"u8.ToArray();
        var passed = new List<string>();
        if (p.Context.Submission.Server is { } serverPath && p.Context.ServerStartFailure is null)
        {
            await using var server = await Programs.StartServerAsync(serverPath, null, cancellationToken: ct);
            var run = await Programs.RunClientAsync(p.Context.Ours.CsharpClient, new IPEndPoint(IPAddress.IPv6Loopback, server.Port), new MemoryStream(message, writable: false), Deadline, ["--retries", "0"], cancellationToken: ct);
            var ok = await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= message.Length, TimeSpan.FromSeconds(2), cancellationToken: ct) && server.Child.Stdout.ToArray().SequenceEqual(message);
            p.Add("their server on ::1", $"our client: {Programs.Ending(run, Deadline)}; {(ok ? "delivered" : "not delivered")}");
            if (ok)
            {
                passed.Add("server");
            }
        }

        if (p.Context.Submission.Client is { } clientPath)
        {
            var matcher = new OutputMatcher(ExpectedBytes.Of(message));
            await using var server = await Programs.StartServerAsync(p.Context.Ours.CsharpServer, matcher, cancellationToken: ct);
            var run = await Programs.RunClientAsync(clientPath, new IPEndPoint(IPAddress.IPv6Loopback, server.Port), new MemoryStream(message, writable: false), Deadline, cancellationToken: ct);
            var ok = await Poll.UntilAsync(() => matcher.Complete, TimeSpan.FromSeconds(2), cancellationToken: ct) && matcher.Matches && run.ExitCode == 0;
            p.Add("their client to ::1", $"{Programs.Ending(run, Deadline)}; {(ok ? "delivered" : "not delivered")}");
            if (ok)
            {
                passed.Add("client");
            }
        }

        return passed.Count > 0 ? CheckOutcome.Pass($"IPv6 works for: {string.Join(", ", passed)}") : CheckOutcome.Skip("no IPv6 (::1)");
    }

    private static async Task<CheckOutcome> RetriesAsync(Probe p, CancellationToken ct)
    {
        var port = FreePort.Get();
        var message = "sent once the server came up\n"u8.ToArray();
        var run = Programs.RunClientAsync(p.Context.Submission.Client!, new IPEndPoint(IPAddress.Loopback, port), new MemoryStream(message, writable: false), Deadline, ["--retries", "20"], cancellationToken: ct);

        // The server comes up only after the client has met a refused port (or has ended).
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(700), ct));
        if (run.IsCompleted)
        {
            var early = await run;
            p.Add("client --retries 20", $"{Programs.Ending(early, Deadline)} before the server started; stderr: {Programs.StderrLines(early)}");
            return CheckOutcome.Skip("no --retries option (or it gave up at once)");
        }

        var matcher = new OutputMatcher(ExpectedBytes.Of(message));
        await using var server = await Programs.StartServerAsync(p.Context.Ours.CsharpServer, matcher, port: port, cancellationToken: ct);
        var result = await run;
        await Poll.UntilAsync(() => matcher.Complete, TimeSpan.FromSeconds(2), cancellationToken: ct);
        p.Add("client --retries 20", $"started 0.7 s before the server; {Programs.Ending(result, Deadline)}; {matcher.Received} of {message.Length} bytes arrived");
        return matcher.Matches && result.ExitCode == 0 ? CheckOutcome.Pass("retried until the server came up, then delivered") : CheckOutcome.Skip("did not deliver once the server came up");
    }

    [GeneratedRegex(@"client: sent=(\d+) ")]
    private static partial Regex StatsRegex();
}
