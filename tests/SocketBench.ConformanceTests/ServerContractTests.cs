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

    public static IEnumerable<Implementation> Servers => Implementations.Selected;

    public static IEnumerable<TestCaseData> BadArguments() =>
        from impl in Implementations.Selected
        from args in new[] { Array.Empty<string>(), ["abc"], ["-1"], ["65536"], ["80.5"], ["+80"], ["80", "81"], ["--no-such-option", "80"], ["--backlog", "zero", "0"] }
        select new TestCaseData(impl, args).SetName($"server={impl.Name} args=[{string.Join(' ', args)}]");

    [TestCaseSource(nameof(BadArguments))]
    public async Task Run_BadArguments_Exits64WithOneLine(Implementation impl, string[] args)
    {
        using var child = ChildProcess.Start(impl.Server, args);
        var code = await child.WaitForExitAsync(ExitDeadline);
        AssertOneLineExit(child, code, 64);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_PortInUse_Exits69(Implementation impl)
    {
        using var first = await RunningServer.StartAsync(Implementations.CSharp);
        using var child = ChildProcess.Start(impl.Server, [first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        AssertOneLineExit(child, await child.WaitForExitAsync(ExitDeadline), 69);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_AddressNotOnThisHost_Exits69(Implementation impl)
    {
        // 192.0.2.1 is TEST-NET-1: never a local address. Binding fails; no packet is sent.
        using var child = ChildProcess.Start(impl.Server, ["--bind", "192.0.2.1", "0"]);
        AssertOneLineExit(child, await child.WaitForExitAsync(ExitDeadline), 69);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_PrivilegedPortWithoutPermission_Exits77(Implementation impl)
    {
        Assume.That(int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(1),
            "this kernel lets anyone bind low ports");
        Assume.That(File.Exists("/usr/bin/setpriv"), Is.True, "setpriv (util-linux) is needed to drop CAP_NET_BIND_SERVICE");

        // Drop the capability even when the tests run as root; files stay readable.
        using var child = ChildProcess.Start("/usr/bin/setpriv", ["--bounding-set=-net_bind_service", "--inh-caps=-net_bind_service", "--", impl.Server, "1"]);
        AssertOneLineExit(child, await child.WaitForExitAsync(ExitDeadline), 77);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Run_StdoutClosed_Exits74(Implementation impl)
    {
        using var server = await RunningServer.StartAsync(impl);
        server.Child.CloseStdout();
        await ClientRunner.RunAsync(Implementations.CSharp, "127.0.0.1", server.Port, Messages.RandomBinary(1024 * 1024, seed: 4), ["--retries", "0"]);
        var code = await server.Child.WaitForExitAsync(ExitDeadline);
        Assert.That(code, Is.EqualTo(74), $"stderr=[{server.Child.Stderr.Trim()}]");
        Assert.That(server.Child.Stderr, Does.Match("(?i)stdout|broken pipe|write"));
    }

    [TestCase(Signals.SigInt)]
    [TestCase(Signals.SigTerm)]
    public async Task Run_Signal_ExitsZero(int signal)
    {
        foreach (var impl in Implementations.Selected)
        {
            using var server = await RunningServer.StartAsync(impl);
            var message = Messages.Text("before the signal\n");
            await ConformanceCase.SendOkAsync(Implementations.CSharp, server, message);
            await ConformanceCase.ExpectOutputAsync(server, message);
            Assert.That(await server.StopAsync(signal), Is.Zero, $"server={impl.Name} stderr=[{server.Child.Stderr.Trim()}]");
        }
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_ClientResetsMidMessage_SurvivesAndDeliversNext(Implementation impl)
    {
        using var server = await RunningServer.StartAsync(impl);
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
        using var server = await RunningServer.StartAsync(impl, ["--idle-timeout", "0.5"]);
        var held = Messages.Text("held");
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(IPAddress.Loopback, server.Port);
        await raw.SendAsync(held);

        // The silent client holds the sequential server until the idle timeout drops it.
        var next = Messages.Text("served after the idle client was dropped\n");
        await ConformanceCase.SendOkAsync(Implementations.CSharp, server, next);
        await ConformanceCase.ExpectOutputAsync(server, [.. held, .. next]);
        await Eventually.AssertAsync(() => server.Child.Stderr.Contains("idle", StringComparison.OrdinalIgnoreCase) || server.Child.Stderr.Contains("time", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(5), () => $"an idle-timeout line on stderr; got [{server.Child.Stderr.Trim()}]");
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Accept_OutOfFileDescriptors_BacksOffWithoutSpinningThenServesTheClient(Implementation impl)
    {
        Assume.That(File.Exists("/usr/bin/prlimit"), Is.True, "prlimit (util-linux) lowers the running server's fd limit");
        using var server = await RunningServer.StartAsync(impl);
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
        await Task.Delay(TimeSpan.FromSeconds(1)); // the interval over which CPU use is measured
        var cpuShare = (CpuTicks(pid) - cpuBefore) / 100.0 / wall.Elapsed.TotalSeconds;
        Assert.That(cpuShare, Is.LessThan(0.3), "the accept loop must back off, not spin, while EMFILE lasts");

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

    [TestCaseSource(nameof(Servers))]
    public async Task Run_Help_PrintsUsageAndExitsZero(Implementation impl)
    {
        using var child = ChildProcess.Start(impl.Server, ["--help"]);
        Assert.That(await child.WaitForExitAsync(ExitDeadline), Is.Zero);
        Assert.That(System.Text.Encoding.UTF8.GetString(child.Stdout.ToArray()), Does.Contain("PORT"));
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
