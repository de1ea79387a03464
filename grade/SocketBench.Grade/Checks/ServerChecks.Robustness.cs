using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SocketBench.Grade.Evidence;
using SocketBench.Grade.Running;
using SocketBench.Processes;

namespace SocketBench.Grade.Checks;

/// <content>Flushing, surviving client faults, exiting on fatal errors and signals.</content>
internal static partial class ServerChecks
{
    private static readonly TimeSpan FlushBound = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FatalExitDeadline = TimeSpan.FromSeconds(10);

    private static async Task<CheckOutcome> FlushBeforeNextAsync(Probe p, CancellationToken ct)
    {
        var first = Messages.Tagged("first client", 1500, 300);
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        using (var a = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct))
        {
            await a.SendAsync(first, ct);
            a.Finish();
        }

        var clock = Stopwatch.StartNew();

        // The next client connects and stays: a server that prints only when stdout's buffer fills or at exit shows nothing now.
        using var next = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct);
        await next.SendAsync("[next client] still sending..."u8.ToArray(), ct);
        var shown = await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= first.Length || server.Child.HasExited, FlushBound, cancellationToken: ct);
        var ms = clock.ElapsedMilliseconds;
        p.Add("first client", $"sent {ByteText.Size(first.Length)} and closed; the next client then connected and kept its connection open");
        p.Add("stdout", shown && !server.Child.HasExited
            ? $"{server.Child.Stdout.TotalBytes} bytes {ms} ms after the first client closed"
            : $"{server.Child.Stdout.TotalBytes} of {first.Length} bytes after {FlushBound.TotalSeconds:0} s");
        if (server.Child.HasExited)
        {
            return CheckOutcome.Fail($"the server exited (code {server.Child.ExitCode}) after its first client");
        }

        if (!shown)
        {
            return CheckOutcome.Fail($"the first message was not on stdout {FlushBound.TotalSeconds:0} s after its client closed, while the next client was connected: flush stdout after each message");
        }

        var output = server.Child.Stdout.ToArray();
        return CheckOutcome.Verdict(
            output.AsSpan(0, first.Length).SequenceEqual(first),
            $"the message was on stdout {ms} ms after its client closed, before the next client was done",
            "stdout held other bytes than the first message: " + ByteText.Show(output.AsSpan(0, Math.Min(24, output.Length))));
    }

    private static async Task<CheckOutcome> SurvivesResetAsync(Probe p, CancellationToken ct)
    {
        var cut = Messages.Text(256 * 1024, 400); // text: a survival check judges survival, not how bytes are encoded
        var after = "after the reset\n"u8.ToArray();
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        using (var crash = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct))
        {
            await crash.SendAsync(cut.AsMemory(0, 32 * 1024), ct);
            await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes > 0 || server.Child.HasExited, TimeSpan.FromSeconds(1), cancellationToken: ct);
            crash.Reset();
        }

        p.Add("client 1", "sent 32 KiB of a 256 KiB text message, then reset the connection (SO_LINGER 0: RST)");
        return await ExpectNextDeliveredAsync(p, server, cut, after, "a client reset mid-message", ct);
    }

    private static async Task<CheckOutcome> SurvivesConnectCloseAsync(Probe p, CancellationToken ct)
    {
        var after = "after the storm\n"u8.ToArray();
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        var refused = 0;
        for (var round = 0; round < 5; round++)
        {
            var batch = Enumerable.Range(0, 10).Select(async i =>
            {
                try
                {
                    using var c = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct);
                    if (i % 2 == 0)
                    {
                        c.Reset();
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    Interlocked.Increment(ref refused);
                }
            });
            await Task.WhenAll(batch);
        }

        p.Add("storm", $"50 connections opened and closed at once (half with FIN, half with RST), 10 at a time; {refused} could not connect");
        return await ExpectNextDeliveredAsync(p, server, [], after, "a connect-and-close storm", ct);
    }

    private static async Task<CheckOutcome> SurvivesStallAsync(Probe p, CancellationToken ct)
    {
        var start = "[stalled client] sent this, then nothing for 1.5 s\n"u8.ToArray();
        var after = Messages.Tagged("client that waited behind the stalled one", 2000, 500);
        await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
        using var stall = await RawClient.ConnectAsync(server.EndPoint, TimeSpan.FromSeconds(5), ct);
        await stall.SendAsync(start, ct);
        var waiting = Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new MemoryStream(after, writable: false), ClientDeadline, ["--drain-timeout", "30"], cancellationToken: ct);
        var ended = await Poll.UntilAsync(() => server.Child.HasExited, TimeSpan.FromSeconds(1.5), cancellationToken: ct);
        stall.Dispose();
        p.Add("stall", $"one client sent {start.Length} bytes and then nothing for 1.5 s before closing; our C# client was queued behind it");
        if (ended)
        {
            return CheckOutcome.Fail($"the server exited (code {server.Child.ExitCode}) while a client stalled");
        }

        var run = await waiting;
        p.Add("queued client", Programs.Ending(run, ClientDeadline));
        var total = start.Length + after.Length;
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= total || server.Child.HasExited, OutputWait(total), cancellationToken: ct);
        var split = Interleaving.Split(server.Child.Stdout.ToArray(), [start, after]);
        p.Add("stdout", $"{server.Child.Stdout.TotalBytes} of {total} bytes");
        return split.Problem is { } problem
            ? CheckOutcome.Fail("after a stalled client left, the next was not served whole: " + problem)
            : CheckOutcome.Pass("a stalled client held the server; once it left, the queued client was served whole");
    }

    /// <summary>After a fault by one client, our C# client's message must arrive whole and the server must still run; the faulty client's bytes may be a prefix.</summary>
    private static async Task<CheckOutcome> ExpectNextDeliveredAsync(Probe p, ServerProcess server, byte[] faulty, byte[] next, string fault, CancellationToken ct)
    {
        if (server.Child.HasExited)
        {
            p.Add("server", $"exit {server.Child.ExitCode}; stderr: {ByteText.FirstLines(server.Child.Stderr)}");
            return CheckOutcome.Fail($"the server exited (code {server.Child.ExitCode}) after {fault}");
        }

        var before = server.Child.Stdout.TotalBytes;
        var run = await Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new MemoryStream(next, writable: false), ClientDeadline, cancellationToken: ct);
        p.Add("next client", $"our C# client sent {ByteText.Show(next)}: {Programs.Ending(run, ClientDeadline)}");
        await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes >= before + next.Length || server.Child.HasExited, OutputWait(next.Length), cancellationToken: ct);
        var output = server.Child.Stdout.ToArray();
        var prefixLength = output.Length - next.Length;
        var nextWhole = prefixLength >= 0 && output.AsSpan(prefixLength).SequenceEqual(next);
        var prefixOk = prefixLength >= 0 && prefixLength <= faulty.Length && faulty.AsSpan(0, prefixLength).SequenceEqual(output.AsSpan(0, prefixLength));
        p.Add("stdout", $"{output.Length} bytes: {(prefixLength > 0 ? $"{prefixLength} from the faulty client, then " : "")}{(nextWhole ? "the next message whole" : "not the next message")}");
        if (server.Child.HasExited)
        {
            p.Add("server", $"exit {server.Child.ExitCode}; stderr: {ByteText.FirstLines(server.Child.Stderr)}");
            return CheckOutcome.Fail($"the server exited (code {server.Child.ExitCode}) after {fault}: client errors must not end it");
        }

        if (!nextWhole)
        {
            p.Add("stdout ends with", ByteText.Show(output.AsSpan(Math.Max(0, output.Length - 24))));
            return CheckOutcome.Fail($"after {fault} the next client's message did not arrive whole");
        }

        return CheckOutcome.Verdict(prefixOk, $"survived {fault}; the next client was served whole", $"after {fault} stdout held bytes that client never sent");
    }

    private static async Task<CheckOutcome> FatalErrorExitsAsync(Probe p, CancellationToken ct)
    {
        using var held = HoldPort(out var port);
        p.Add("port", $"{port}, already listened on by the grader (0.0.0.0 and ::) before the server starts");
        var clock = Stopwatch.StartNew();
        await using var child = ChildProcess.Start(new ChildProcessOptions { FileName = p.Context.Submission.Server!, Arguments = [port.ToString(CultureInfo.InvariantCulture)], StderrCapBytes = Programs.StderrCap });
        var code = await child.WaitForExitAsync(FatalExitDeadline, ct);
        p.Context.RecordExit("server port in use", code);
        var stderr = ByteText.FirstLines(child.Stderr);
        var listening = code is null ? Listeners.OfTree(child.Pid) : [];
        p.Add("server", code is null
            ? $"still running after {FatalExitDeadline.TotalSeconds:0} s (killed); {(listening.Count == 0 ? "it listened nowhere" : $"it listened on {string.Join(", ", listening.Select(l => $"{l.Address} port {l.Port}"))}")}"
            : $"exit {code} after {clock.ElapsedMilliseconds} ms");
        p.Add("stderr", stderr);
        return code switch
        {
            null => CheckOutcome.Fail("with its port in use the server kept running: a bind failure is not a client error, it must exit"),
            0 => CheckOutcome.Fail("with its port in use the server exited 0: a failure must exit non-zero"),
            _ when child.Stderr.Trim().Length == 0 => CheckOutcome.Fail($"with its port in use the server exited {code} without a message on stderr"),
            _ => CheckOutcome.Pass($"port in use: exited {code} with a message"),
        };
    }

    /// <summary>Listens on a free port on 0.0.0.0 and [::] (IPv6 only) so a server binding either fails.</summary>
    private static Sockets HoldPort(out int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            v4.Bind(new IPEndPoint(IPAddress.Any, 0));
            v4.Listen(1);
            port = ((IPEndPoint)v4.LocalEndPoint!).Port;
            var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
            try
            {
                v6.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                v6.Listen(1);
                return new Sockets(v4, v6);
            }
            catch (SocketException) when (attempt < 5)
            {
                v6.Dispose();
                v4.Dispose();
            }
            catch (SocketException)
            {
                // No IPv6 here: the IPv4 socket alone makes the port busy.
                v6.Dispose();
                return new Sockets(v4, null);
            }
        }
    }

    private static async Task<CheckOutcome> ExitsOnSignalAsync(Probe p, CancellationToken ct)
    {
        var ok = true;
        foreach (var (name, signal) in new[] { ("SIGINT", Signals.SigInt), ("SIGTERM", Signals.SigTerm) })
        {
            await using var server = await Programs.StartSubmissionServerAsync(p, null, ct);
            var run = await Programs.RunClientAsync(p.Context.Ours.CsharpClient, server.EndPoint, new MemoryStream("one message first\n"u8.ToArray(), writable: false), ClientDeadline, cancellationToken: ct);
            var clock = Stopwatch.StartNew();
            var code = await server.StopAsync(signal, TimeSpan.FromSeconds(5));
            p.Context.RecordExit("server " + name, code);
            p.Add(name, code is null
                ? "still running 5 s later (killed)"
                : $"exit {code} after {clock.ElapsedMilliseconds} ms (after serving one client: {Programs.Ending(run, ClientDeadline)})");
            ok &= code is not null;
        }

        return CheckOutcome.Verdict(ok, "SIGINT and SIGTERM each ended it promptly", "a signal did not end the server within 5 s");
    }

    private sealed class Sockets(Socket a, Socket? b) : IDisposable
    {
        public void Dispose()
        {
            a.Dispose();
            b?.Dispose();
        }
    }
}
