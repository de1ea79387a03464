using SocketBench.Processes;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>
/// Every selected server against peers that misbehave (issue 11): a vanished or trickling
/// client, a signal or a dead stdout mid-message, a client killed mid-send, and --bind to one
/// address family.
/// </summary>
[TestFixture]
[Category("conformance")]
public class HostilePeerTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(15);

    public static IEnumerable<Implementation> Servers => Implementations.Selected;

    public static IEnumerable<TestCaseData> BadClientTimeouts() =>
        from impl in Implementations.Selected
        from value in new[] { "abc", "-1", "1s" }
        select new TestCaseData(impl, value).SetName($"server={impl.Name} --client-timeout {value}");

    [TestCaseSource(nameof(Servers))]
    public async Task Accept_ClientSocket_HasTcpKeepaliveWithASixtySecondIdle(Implementation impl)
    {
        using var server = await impl.StartServerAsync();
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(IPAddress.Loopback, server.Port);
        var clientPort = ((IPEndPoint)raw.LocalEndPoint!).Port;

        // /proc/net/tcp{,6} "tr:tm->when": timer 2 is the keepalive timer on an idle established
        // socket; when is in USER_HZ ticks (100 a second). Without SO_KEEPALIVE the timer is 0.
        TcpRow? row = null;
        var armed = await Eventually.UntilAsync(
            () => (row = TcpRow.Find(server.Port, clientPort)) is { Timer: 2 },
            TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(armed, Is.True, $"keepalive timer on the accepted socket; row: {row?.Line ?? "not found"}");
            Assert.That(row?.WhenTicks, Is.InRange(30 * 100, 60 * 100), $"first probe due within the 60 s idle; row: {row?.Line}");
        });
    }

    [TestCaseSource(nameof(BadClientTimeouts))]
    public async Task Run_BadClientTimeout_Exits64WithOneLine(Implementation impl, string value)
    {
        using var child = ChildProcess.Start(impl.Server, ["--client-timeout", value, "0"]);
        ServerContractTests.AssertOneLineExit(child, await child.WaitForExitAsync(ExitDeadline), 64);
        Assert.That(child.Stderr, Does.Contain("--client-timeout"));
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_TricklingClient_IsCutByClientTimeoutAndTheNextIsServed(Implementation impl)
    {
        // The idle timeout alone never fires: the client is never silent for 30 s.
        using var server = await impl.StartServerAsync(["--client-timeout", "1.5", "--idle-timeout", "30"]);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // Started before the connect: the server cannot accept (and start its clock) before the connect
        // began, so this stopwatch never reads less than the server's. Started after it, a late
        // continuation on a loaded machine made it read less (1.38 s seen for a 1.5 s limit).
        var connected = Stopwatch.StartNew();
        await raw.ConnectAsync(IPAddress.Loopback, server.Port);
        var sent = new List<byte>();

        // The trickle's pace (one byte per 50 ms), bounded to 30 s; it stops when the server says it cut.
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50)))
        {
            for (var i = 0; i < 600 && !ClientTimeoutLogged(server) && await pace.WaitForNextTickAsync(); i++)
            {
                var b = (byte)('a' + (i % 26));
                if (raw.Send([b], SocketFlags.None, out _) != 1)
                {
                    break;
                }

                sent.Add(b);
            }
        }

        await Eventually.AssertAsync(() => ClientTimeoutLogged(server), TimeSpan.FromSeconds(5), () => $"a client-timeout line; stderr=[{server.Child.Stderr.Trim()}]");
        Assert.That(connected.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.4)), "not before the limit");

        var next = Messages.Text("served after the trickling client was cut\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, next);
        await Eventually.AssertAsync(() => server.Child.Stdout.ToArray().AsSpan().EndsWith(next), TimeSpan.FromSeconds(30), () => "the next message on stdout");
        var prefix = server.Child.Stdout.ToArray()[..^next.Length];
        Assert.Multiple(() =>
        {
            Assert.That(prefix, Is.Not.Empty, "what arrived before the cut stays on stdout");
            Assert.That(prefix, Is.EqualTo(sent.Take(prefix.Length).ToArray()), "stdout holds a prefix of what was sent, unchanged");
            Assert.That(server.Child.HasExited, Is.False);
        });
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Signal_SigtermMidMessage_GraceThenExitZeroWithThePrefixFlushed(Implementation impl)
    {
        using var server = await impl.StartServerAsync();
        var prefix = Messages.Text("first half of a message that never ends");
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(IPAddress.Loopback, server.Port);
        await raw.SendAsync(prefix);
        Assert.That(await server.WaitForOutputAsync(prefix.Length, TimeSpan.FromSeconds(10)), Is.True, "the prefix reached stdout");

        var signalled = Stopwatch.StartNew();
        var code = await server.StopAsync(Signals.SigTerm, ExitDeadline);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, $"stderr=[{server.Child.Stderr.Trim()}]");
            Assert.That(signalled.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)), "the client in progress gets the 2 s grace period");
            Assert.That(server.Child.Stdout.ToArray(), Is.EqualTo(prefix), "the prefix is on stdout, nothing else");
            Assert.That(server.Child.Stderr, Does.Match("(?i)grace"));
        });
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_StdoutIsDevFull_Exits74(Implementation impl)
    {
        using var server = await impl.StartServerAsync(serverPath: "/bin/sh", prefixArgs: ["-c", "exec \"$0\" \"$@\" >/dev/full", impl.Server]);
        await ClientRunner.RunAsync(Implementations.CSharp, "127.0.0.1", server.Port, Messages.Text("no room for this\n"), ["--retries", "0"]);

        var code = await server.Child.WaitForExitAsync(ExitDeadline);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(74), $"stderr=[{server.Child.Stderr.Trim()}]");
            Assert.That(server.Child.Stderr, Does.Match("(?i)stdout"));
            Assert.That(server.Child.Stderr, Does.Not.Contain("Traceback").And.Not.Contain("   at "));
        });
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_ClientKilledMidSend_SurvivesAndServesTheNext(Implementation impl)
    {
        using var server = await impl.StartServerAsync();
        var first = Messages.RandomAlphanumeric(100_000, seed: 11);
        using (var client = ChildProcess.Start(new ChildProcessOptions { FileName = Implementations.CSharp.Client, Arguments = ["127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture)], PipeStdin = true }))
        {
            var stdin = client.Stdin;
            await stdin.WriteAsync(first);
            await stdin.FlushAsync();
            Assert.That(await server.WaitForOutputAsync(first.Length, TimeSpan.FromSeconds(30)), Is.True, "the client's bytes so far reached stdout");
            client.Signal(Signals.SigKill); // stdin still open: the client is mid-message
            Assert.That(await client.WaitForExitAsync(ExitDeadline), Is.EqualTo(128 + Signals.SigKill), "killed by the signal");
        }

        var next = Messages.Text("next client after a SIGKILL\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, next);
        await ConformanceCase.ExpectOutputAsync(server, [.. first, .. next]);
        Assert.That(server.Child.HasExited, Is.False);
    }

    public static IEnumerable<TestCaseData> Binds() =>
        from impl in Implementations.Selected
        from pair in new[] { ("::1", "127.0.0.1"), ("127.0.0.1", "::1") }
        select new TestCaseData(impl, pair.Item1, pair.Item2).SetName($"server={impl.Name} --bind {pair.Item1} refuses {pair.Item2}");

    [TestCaseSource(nameof(Binds))]
    public async Task Bind_OneLoopbackAddress_ServesItAndRefusesTheOtherFamily(Implementation impl, string bind, string other)
    {
        Assume.That(Socket.OSSupportsIPv6, Is.True, "IPv6 is off on this host");
        using var server = await impl.StartServerAsync(["--bind", bind]);
        var message = Messages.Text($"over {bind}\n");

        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, message, host: bind);
        await ConformanceCase.ExpectOutputAsync(server, message);
        Assert.That(await ConnectErrorAsync(IPAddress.Parse(other), server.Port), Is.EqualTo(SocketError.ConnectionRefused), $"a server bound to {bind} is not on {other}");
    }

    private static bool ClientTimeoutLogged(ServerProcess server) =>
        server.Child.Stderr.Contains("client timeout", StringComparison.OrdinalIgnoreCase);

    private static async Task<SocketError> ConnectErrorAsync(IPAddress address, int port)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await probe.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(10));
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    /// <summary>One established row of /proc/net/tcp or /proc/net/tcp6.</summary>
    private sealed record TcpRow(string Line, int Timer, long WhenTicks)
    {
        /// <summary>The server's side of the connection: local port <paramref name="localPort"/>, remote <paramref name="remotePort"/>.</summary>
        public static TcpRow? Find(int localPort, int remotePort)
        {
            foreach (var file in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
            {
                foreach (var line in File.ReadLines(file).Skip(1))
                {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt ...
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length > 5 && f[3] == "01" && Port(f[1]) == localPort && Port(f[2]) == remotePort)
                    {
                        var timer = f[5].Split(':');
                        return new TcpRow(line.Trim(), int.Parse(timer[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(timer[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    }
                }
            }

            return null;
        }

        private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
