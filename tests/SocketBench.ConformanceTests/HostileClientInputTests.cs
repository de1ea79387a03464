using SocketBench.Processes;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>
/// Every selected client when its input or its host name misbehaves (issue 11): stdin that cannot
/// be read, and a host name whose first address black-holes.
/// </summary>
[TestFixture]
[Category("conformance")]
public class HostileClientInputTests
{
    /// <summary>The name the fake resolver answers for; nothing else resolves differently.</summary>
    private const string TwoAddressHost = "sb-blackhole-first.test";

    private string? _fakeResolver;

    public static IEnumerable<Implementation> Clients => Implementations.Selected;

    [OneTimeSetUp]
    public async Task BuildFakeResolver()
    {
        // An LD_PRELOAD getaddrinfo that answers TwoAddressHost with ::1 then 127.0.0.1: a host
        // name with two addresses, without touching /etc/hosts.
        if (!File.Exists("/usr/bin/gcc"))
        {
            return;
        }

        var dir = Directory.CreateTempSubdirectory("sb-fake-resolver-").FullName;
        var output = Path.Combine(dir, "fake_resolver.so");
        var source = Path.Combine(RepoRoot.Path, "tests", "SocketBench.ConformanceTests", "Native", "fake_resolver.c");
        using var gcc = ChildProcess.Start("/usr/bin/gcc", ["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o", output, source, "-ldl"]);
        var code = await gcc.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(code, Is.Zero, $"gcc: {gcc.Stderr}");
        _fakeResolver = output;
    }

    [OneTimeTearDown]
    public void RemoveFakeResolver()
    {
        if (_fakeResolver is not null)
        {
            Directory.Delete(Path.GetDirectoryName(_fakeResolver)!, recursive: true);
        }
    }

    [TestCaseSource(nameof(Clients))]
    public async Task Run_StdinIsADirectory_Exits74WithOneLine(Implementation impl)
    {
        using var server = await Implementations.CSharp.StartServerAsync();

        // read(2) on a directory fails with EISDIR.
        var result = await ClientRunner.RunAsync("/bin/sh", ["-c", "exec \"$0\" \"$@\" </", impl.Client, "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture)], new MemoryStream(), TimeSpan.FromSeconds(30));

        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(74), result.ToString());
            Assert.That(lines, Has.Length.EqualTo(1), $"one error line; {result}");
            Assert.That(result.Stderr, Does.Match("(?i)stdin"), result.ToString());
            Assert.That(result.Stderr, Does.Not.Contain("Traceback").And.Not.Contain("   at "), "no stack trace");
        });
    }

    [TestCaseSource(nameof(Clients))]
    public async Task Connect_FirstAddressBlackHoles_NextIsTriedWithinTheAttemptBudget(Implementation impl)
    {
        Assume.That(_fakeResolver, Is.Not.Null, "gcc is needed to build the fake resolver");
        Assume.That(Socket.OSSupportsIPv6, Is.True, "the black hole listens on ::1");

        // The real server on 127.0.0.1:P; a black hole on [::1]:P: a listener whose one-slot accept
        // queue is full, so the kernel drops further SYNs and connect() gets no answer.
        using var server = await Implementations.CSharp.StartServerAsync(["--bind", "127.0.0.1"]);
        using var hole = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
        hole.Bind(new IPEndPoint(IPAddress.IPv6Loopback, server.Port));
        hole.Listen(0);
        using var filler = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        await filler.ConnectAsync(IPAddress.IPv6Loopback, server.Port);
        Assert.That(await BlackHolesAsync(server.Port), Is.True, "[::1] must drop SYNs for this test to mean anything");

        const int Budget = 6;
        var message = Messages.Text($"through the second address ({impl.Name})\n");
        var psiArgs = new[] { "SB_FAKE_HOST=" + TwoAddressHost, "SB_FAKE_ADDRS=::1,127.0.0.1", "LD_PRELOAD=" + _fakeResolver, impl.Client, "-v", "--retries", "0", "--connect-timeout", Budget.ToString(CultureInfo.InvariantCulture), TwoAddressHost, server.Port.ToString(CultureInfo.InvariantCulture) };
        var result = await ClientRunner.RunAsync("/usr/bin/env", psiArgs, new MemoryStream(message), TimeSpan.FromSeconds(60));

        // The client's own elapsed_ms (its start to its exit, without process start-up, which a
        // loaded machine stretches): about half the budget with the share, all of it without.
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, $"one attempt, no retries: the second address must be reached inside it; {result}");
            Assert.That(result.Stats()["attempts"], Is.EqualTo(1), result.ToString());
            Assert.That(result.Stats()["elapsed_ms"], Is.LessThan(Budget * 1000), $"the black hole may take only its share of the attempt's budget (half), not all of it; {result}");
        });
        await ConformanceCase.ExpectOutputAsync(server, message);
    }

    /// <summary>True when a connect to [::1]:<paramref name="port"/> gets no answer for 300 ms.</summary>
    private static async Task<bool> BlackHolesAsync(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            await probe.ConnectAsync(IPAddress.IPv6Loopback, port, cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
