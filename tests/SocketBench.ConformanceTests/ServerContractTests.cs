using SocketBench.Processes;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>The server's exit codes, signals and fault survival (DESIGN.md sections 2 and 4), for every selected server.</summary>
[TestFixture]
[Category("conformance")]
public class ServerContractTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(15);

    public static IEnumerable<Implementation> Servers => Implementations.WithSpecOnly;

    public static IEnumerable<TestCaseData> BadArguments() =>
        from impl in Implementations.WithSpecOnly
        from args in SpecBadArguments.Concat(ExtensionBadArguments)
        select new TestCaseData(impl, args).SetName($"server={impl.Name} args=[{string.Join(' ', args)}]");

    /// <summary>Argument lists that break the seed spec's <c>server PORT</c> for any server.</summary>
    private static string[][] SpecBadArguments => [[], ["abc"], ["-1"], ["65536"]];

    /// <summary>Argument lists only our stricter parsing rejects (DESIGN.md section 2).</summary>
    private static string[][] ExtensionBadArguments => [["80.5"], ["+80"], ["80", "81"], ["--no-such-option", "80"], ["--backlog", "zero", "0"]];

    /// <summary>Spec: a non-zero exit with a message. Ours: exit 64 with one line.</summary>
    [TestCaseSource(nameof(BadArguments))]
    public async Task Run_BadArguments_Exits64WithOneLine(Implementation impl, string[] args)
    {
        if (!SpecBadArguments.Any(a => a.SequenceEqual(args)))
        {
            await Extensions.RequireServerAsync(impl, "rejecting this argument list");
        }

        using var child = ChildProcess.Start(impl.Server, args);
        var code = await child.WaitForExitAsync(ExitDeadline);
        await AssertErrorExitAsync(impl, child, code, 64);
    }

    /// <summary>Spec: a fatal error ends the server with a message and a non-zero exit. Ours: 69 with one line.</summary>
    [TestCaseSource(nameof(Servers))]
    public async Task Run_PortInUse_Exits69(Implementation impl)
    {
        using var first = await Implementations.CSharp.StartServerAsync();
        using var child = ChildProcess.Start(impl.Server, [first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await AssertErrorExitAsync(impl, child, await child.WaitForExitAsync(ExitDeadline), 69);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_AddressNotOnThisHost_Exits69(Implementation impl)
    {
        await Extensions.RequireServerAsync(impl, "--bind");

        // 192.0.2.1 is TEST-NET-1: never a local address. Binding fails; no packet is sent.
        using var child = ChildProcess.Start(impl.Server, ["--bind", "192.0.2.1", "0"]);
        AssertOneLineExit(child, await child.WaitForExitAsync(ExitDeadline), 69);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_PrivilegedPortWithoutPermission_Exits77(Implementation impl)
    {
        if (int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim(), System.Globalization.CultureInfo.InvariantCulture) <= 1)
        {
            Assert.Ignore("this kernel lets anyone bind low ports (net.ipv4.ip_unprivileged_port_start <= 1)");
        }

        Assert.That(File.Exists("/usr/bin/setpriv"), Is.True, "setpriv (util-linux, installed by .ci/setup) drops CAP_NET_BIND_SERVICE");

        // Drop the capability even when the tests run as root; files stay readable.
        using var child = ChildProcess.Start("/usr/bin/setpriv", ["--bounding-set=-net_bind_service", "--inh-caps=-net_bind_service", "--", impl.Server, "1"]);
        await AssertErrorExitAsync(impl, child, await child.WaitForExitAsync(ExitDeadline), 77);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_StdoutClosed_Exits74(Implementation impl)
    {
        using var server = await impl.StartServerAsync();
        server.Child.CloseStdout();
        await ClientRunner.RunAsync(Implementations.CSharp, "127.0.0.1", server.Port, Messages.RandomBinary(1024 * 1024, seed: 4), ["--retries", "0"]);
        var code = await server.Child.WaitForExitAsync(ExitDeadline);
        if (!await Extensions.ServerAsync(impl))
        {
            Assert.That(code, Is.Not.Zero.And.Not.Null, $"a stdout failure ends the server (non-zero exit); stderr=[{server.Child.Stderr.Trim()}]");
            return;
        }

        Assert.That(code, Is.EqualTo(74), $"stderr=[{server.Child.Stderr.Trim()}]");
        Assert.That(server.Child.Stderr, Does.Match("(?i)stdout|broken pipe|write"));
    }

    /// <summary>Spec: the server exits on a signal (promptly). Ours: with exit code 0.</summary>
    [TestCaseSource(nameof(SignalCases))]
    public async Task Run_Signal_ExitsZero(Implementation impl, int signal)
    {
        using var server = await impl.StartServerAsync();
        var message = Messages.Text("before the signal\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, message);
        await ConformanceCase.ExpectOutputAsync(server, message);
        var code = await server.StopAsync(signal);
        Assert.That(code, await Extensions.ServerAsync(impl) ? Is.Zero : Is.Not.Null, $"server={impl.Name} exit after signal {signal} (null: still running); stderr=[{server.Child.Stderr.Trim()}]");
    }

    /// <summary>
    /// Ours: SIGINT ends the server even when it started with SIGINT ignored (a background job of a
    /// non-interactive shell: <c>server PORT &amp;</c> in a script). The C and Python servers install
    /// their handlers regardless; .NET honours an inherited ignore unless the server resets it.
    /// </summary>
    [TestCaseSource(nameof(Ours))]
    public async Task Run_StartedWithSigintIgnored_SigintStillExitsZero(Implementation impl)
    {
        using var server = await impl.StartServerAsync(serverPath: BackgroundJob.Shell[0], prefixArgs: [.. BackgroundJob.Shell.Skip(1), impl.Server]);
        var message = Messages.Text("before the signal\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, message);
        await ConformanceCase.ExpectOutputAsync(server, message);
        var code = await server.StopAsync(Signals.SigInt);
        Assert.That(code, Is.Zero, $"server={impl.Name} exit after SIGINT (null: still running); stderr=[{server.Child.Stderr.Trim()}]");
    }

    public static IEnumerable<TestCaseData> Ours() =>
        Implementations.Selected.Select(impl => new TestCaseData(impl).SetName($"server={impl.Name}"));

    public static IEnumerable<TestCaseData> SignalCases() =>
        from impl in Implementations.WithSpecOnly
        from signal in new[] { Signals.SigInt, Signals.SigTerm }
        select new TestCaseData(impl, signal).SetName($"server={impl.Name} signal={signal}");

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_ClientResetsMidMessage_SurvivesAndDeliversNext(Implementation impl)
    {
        using var server = await impl.StartServerAsync();
        var partial = Messages.Text("partial message that is cut by a reset");
        using (var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await raw.ConnectAsync(IPAddress.Loopback, server.Port);
            await raw.SendAsync(partial);
            await server.WaitForOutputAsync(partial.Length, TimeSpan.FromSeconds(10));
            raw.LingerState = new LingerOption(true, 0); // close => RST
        }

        var next = Messages.Text("next client\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, next);
        await ConformanceCase.ExpectOutputAsync(server, [.. partial, .. next]);
        Assert.That(server.Child.HasExited, Is.False);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_IdleClient_IsDroppedAfterIdleTimeout(Implementation impl)
    {
        await Extensions.RequireServerAsync(impl, "--idle-timeout");
        using var server = await impl.StartServerAsync(["--idle-timeout", "0.5"]);
        var held = Messages.Text("held");
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // The idle window opens when the server accepts, which it may do before this test sends; on a
        // loaded machine the send could come after the window closed, and the server rightly drops a
        // client that sent nothing. So the bytes are queued while the server is stopped: once it runs
        // again it accepts a client whose bytes are already there.
        Assert.That(server.Child.Signal(Signals.SigStop), Is.True, "SIGSTOP to the server");
        try
        {
            await Eventually.UntilAsync(() => IsStopped(server.Child.Pid), TimeSpan.FromSeconds(30), "the server stopped (state T)");
            await raw.ConnectAsync(IPAddress.Loopback, server.Port);
            await raw.SendAsync(held);
        }
        finally
        {
            server.Child.Signal(Signals.SigCont);
        }

        // The silent client holds the sequential server until the idle timeout drops it.
        var next = Messages.Text("served after the idle client was dropped\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, next);
        await ConformanceCase.ExpectOutputAsync(server, [.. held, .. next]);
        var line = IdleLine(impl, ((IPEndPoint)raw.LocalEndPoint!).Port, held.Length);
        await Eventually.AssertAsync(() => server.Child.Stderr.Split('\n').Any(line.IsMatch), TimeSpan.FromSeconds(5), () => $"the idle-timeout line /{line}/ on stderr; got [{server.Child.Stderr.Trim()}]");
    }

    /// <summary>True when process <paramref name="pid"/> is stopped by a signal (state T in /proc/PID/stat).</summary>
    private static bool IsStopped(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
    }

    /// <summary>The exact line each of our servers writes when it drops an idle client; for another server, a line naming the client and the bytes kept.</summary>
    private static System.Text.RegularExpressions.Regex IdleLine(Implementation impl, int clientPort, int bytes)
    {
        var peer = $@"(\[::ffff:)?127\.0\.0\.1\]?:{clientPort}";
        return new(impl.Name switch
        {
            "csharp" => $@"^server: client {peer}: receive failed \(idle-timeout\) after {bytes} bytes; bytes so far are on stdout$",
            "c" or "python" => $@"^server: client {peer} idle for 500 ms: closing after {bytes} bytes$",
            _ => $@"^.*:{clientPort}\b.*\b{bytes} bytes.*$",
        });
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Accept_OutOfFileDescriptors_BacksOffWithoutSpinningThenServesTheClient(Implementation impl)
    {
        await Extensions.RequireServerAsync(impl, "the accept back-off line");
        Assert.That(File.Exists("/usr/bin/prlimit"), Is.True, "prlimit (util-linux, installed by .ci/setup) lowers the running server's fd limit");
        using var server = await impl.StartServerAsync();
        var pid = server.Child.Pid;
        // The kernel hands out the lowest free descriptor number and fails with EMFILE when that
        // number reaches the limit: a limit equal to the lowest free number leaves nothing to accept into.
        var used = Directory.GetFiles($"/proc/{pid}/fd").Select(f => int.Parse(Path.GetFileName(f), System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var lowestFree = Enumerable.Range(0, 65536).First(n => !used.Contains(n));
        await RunPrlimitAsync(pid, lowestFree);

        var message = Messages.Text("queued while the server had no file descriptor\n");
        var client = ClientRunner.RunAsync(Implementations.CSharp, "127.0.0.1", server.Port, message, ["--drain-timeout", "30"], TimeSpan.FromSeconds(60));
        await Eventually.AssertAsync(() => server.Child.Stderr.Contains("backing off", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(10), () => $"a back-off line; stderr=[{server.Child.Stderr.Trim()}]");

        var cpuBefore = CpuTicks(pid);
        var wall = Stopwatch.StartNew();

        // The back-off doubles from its first value to the cap; lines are rate-limited, so the
        // second one (after the log interval) already shows the cap. A fixed or linear back-off
        // would still show a small value there.
        await Eventually.AssertAsync(() => BackOffs(server.Child.Stderr).Count >= 2, TimeSpan.FromSeconds(30), () => $"a second back-off line; stderr=[{server.Child.Stderr.Trim()}]");
        var cpuShare = (CpuTicks(pid) - cpuBefore) / 100.0 / wall.Elapsed.TotalSeconds;
        var backOffs = BackOffs(server.Child.Stderr);
        Assert.Multiple(() =>
        {
            Assert.That(cpuShare, Is.LessThan(0.3), "the accept loop must back off, not spin, while EMFILE lasts");
            Assert.That(backOffs[0], Is.EqualTo(5), "the first back-off (ms)");
            Assert.That(backOffs[^1], Is.EqualTo(1000), "the back-off doubled up to its cap (ms) by the next log line");
            Assert.That(backOffs.Zip(backOffs.Skip(1)).All(p => p.Second == 1000 || (p.Second % p.First == 0 && System.Numerics.BitOperations.IsPow2(p.Second / p.First))), Is.True, $"each logged back-off is the previous one doubled k times: [{string.Join(", ", backOffs)}]");
        });

        await RunPrlimitAsync(pid, 1024);
        var result = await client;
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        await ConformanceCase.ExpectOutputAsync(server, message);
        Assert.That(server.Child.HasExited, Is.False);
    }

    private static async Task RunPrlimitAsync(int pid, int nofile)
    {
        using var p = ChildProcess.Start("/usr/bin/prlimit", ["--pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={nofile}:{Math.Max(nofile, 1024)}"]);
        Assert.That(await p.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.Zero, $"prlimit: {p.Stderr}");
    }

    /// <summary>utime + stime of <paramref name="pid"/> in clock ticks (100 per second on Linux).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The milliseconds of each "backing off N ms" line, in order.</summary>
    private static List<int> BackOffs(string stderr) =>
        System.Text.RegularExpressions.Regex.Matches(stderr, @"backing off (\d+) ms")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    [TestCaseSource(nameof(Servers))]
    public async Task Run_Help_PrintsUsageAndExitsZero(Implementation impl)
    {
        await Extensions.RequireServerAsync(impl, "--help");
        using var child = ChildProcess.Start(impl.Server, ["--help"]);
        Assert.That(await child.WaitForExitAsync(ExitDeadline), Is.Zero);
        Assert.That(System.Text.Encoding.UTF8.GetString(child.Stdout.ToArray()), Does.Contain("PORT"));
    }

    /// <summary>Any server: a non-zero exit with a message. A server with our extensions: exactly <paramref name="expected"/> with one line, no stack trace.</summary>
    private static async Task AssertErrorExitAsync(Implementation impl, ChildProcess child, int? code, int expected)
    {
        if (await Extensions.ServerAsync(impl))
        {
            AssertOneLineExit(child, code, expected);
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Not.Zero.And.Not.Null, $"a non-zero exit (null: still running at the deadline); stderr=[{child.Stderr.Trim()}]");
            Assert.That(child.Stderr.Trim(), Is.Not.Empty, "an error message");
        });
    }

    internal static void AssertOneLineExit(ChildProcess child, int? code, int expected)
    {
        var lines = child.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(expected), $"exit code; stderr=[{child.Stderr.Trim()}]");
            Assert.That(lines.Where(l => !l.Contains("listening", StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(1), $"one error line; stderr=[{child.Stderr.Trim()}]");
            Assert.That(child.Stderr, Does.Not.Contain("Traceback").And.Not.Contain("   at "), "no stack trace");
        });
    }
}
