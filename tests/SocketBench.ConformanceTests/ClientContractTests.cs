using SocketBench.Processes;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>The client's exit codes, retries and partial sends (DESIGN.md sections 3 and 4), for every selected client.</summary>
[TestFixture]
[Category("conformance")]
public class ClientContractTests
{
    public static IEnumerable<Implementation> Clients => Implementations.WithSpecOnly;

    public static IEnumerable<TestCaseData> BadArguments() =>
        from impl in Implementations.WithSpecOnly
        from args in SpecBadArguments.Concat(ExtensionBadArguments)
        select new TestCaseData(impl, args).SetName($"client={impl.Name} args=[{string.Join(' ', args)}]");

    /// <summary>Argument lists that break the seed spec's <c>client IP PORT</c> for any client.</summary>
    private static string[][] SpecBadArguments => [[], ["127.0.0.1"], ["127.0.0.1", "0"], ["127.0.0.1", "99999"], ["127.0.0.1", "port"]];

    /// <summary>Argument lists only our stricter parsing rejects (DESIGN.md section 3).</summary>
    private static string[][] ExtensionBadArguments => [["127.0.0.1", "-5"], ["127.0.0.1", "5.5"], ["127.0.0.1", "+5"], ["127.0.0.1", "5", "extra"], ["--retries", "-1", "127.0.0.1", "5"], ["--no-such-option", "127.0.0.1", "5"]];

    /// <summary>Spec: a non-zero exit with a message. Ours: exit 64 with one line.</summary>
    [TestCaseSource(nameof(BadArguments))]
    public async Task Run_BadArguments_Exits64WithOneLine(Implementation impl, string[] args)
    {
        var spec = SpecBadArguments.Any(a => a.SequenceEqual(args));
        if (!spec)
        {
            await Extensions.RequireClientAsync(impl, "rejecting this argument list");
        }

        var result = await ClientRunner.RunAsync(impl.Client, args, new MemoryStream(), TimeSpan.FromSeconds(15));
        await AssertErrorAsync(impl, result, 64);
    }

    /// <summary>Spec: an error reported (non-zero exit, a message) in bounded time. Ours: exit 75 after exactly 1 + N attempts.</summary>
    [TestCaseSource(nameof(Clients))]
    public async Task Run_ClosedPort_Exits75AfterBoundedRetries(Implementation impl)
    {
        var port = FreePort.Get();
        var ours = await Extensions.ClientAsync(impl);
        var sw = Stopwatch.StartNew();
        var result = await ClientRunner.RunAsync(impl, "127.0.0.1", port, Messages.Text("nobody listens\n"), ours ? ["--retries", "2", "-v"] : [], TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, ours ? Is.EqualTo(75) : Is.Not.Zero.And.Not.Null, result.ToString());
            Assert.That(result.Stderr.Trim(), Is.Not.Empty, "an error message");
            Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "bounded");
        });
        if (ours)
        {
            Assert.That(result.Stats()["attempts"], Is.EqualTo(3), "1 attempt + 2 retries");
        }
    }

    [TestCaseSource(nameof(Clients))]
    public async Task Run_UnknownHost_Exits68(Implementation impl)
    {
        await Extensions.RequireClientAsync(impl, "host names (the spec asks for an IP address)");
        var result = await ClientRunner.RunAsync(impl, "no-such-host.invalid", 5000, Messages.Text("x"), ["--retries", "1"], TimeSpan.FromSeconds(30));
        AssertOneLine(result, 68);
    }

    [TestCaseSource(nameof(Clients))]
    public async Task Run_StartedBeforeServer_RetriesThenDelivers(Implementation impl)
    {
        await Extensions.RequireClientAsync(impl, "connect retries");
        var message = Messages.Text("sent once the server came up\n");
        ClientResult result;
        ServerProcess server;
        using (var held = await UnansweredPort.OpenAsync())
        {
            var client = ClientRunner.RunAsync(impl, "127.0.0.1", held.Port, message, ["--retries", "20", "--connect-timeout", "0.3", "-v"], TimeSpan.FromSeconds(60));

            // Two attempts seen: the first one failed before the server takes the port.
            Assert.That(await held.WaitForAttemptsAsync(2, TimeSpan.FromSeconds(30)), Is.True, "the client's second connect attempt");
            held.Dispose();
            server = await Implementations.CSharp.StartServerAsync(port: held.Port);
            result = await client;
        }

        using (server)
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stats()["attempts"], Is.GreaterThanOrEqualTo(2), $"the attempts seen plus the one that connected; {result}");
            await ConformanceCase.ExpectOutputAsync(server, message);
        }
    }

    [TestCaseSource(nameof(Clients))]
    public async Task Send_SlowReaderWithTinyBuffer_PartialSendsAreCountedAndBytesIntact(Implementation impl)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var message = Messages.RandomBinary(4 * 1024 * 1024, seed: 5);

        var ours = await Extensions.ClientAsync(impl);
        var client = ClientRunner.RunAsync(impl, "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port, message, ours ? ["-v"] : [], TimeSpan.FromSeconds(60));
        var received = await Deadline.Within(SlowReadAsync(listener), TimeSpan.FromSeconds(60), "slow reader");
        var result = await client;

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(Messages.Sha256(received), Is.EqualTo(Messages.Sha256(message)), "bytes intact");
        });
        if (!ours)
        {
            Assert.Ignore(Extensions.Reason("client", impl, "counting partial sends (the -v stats line)") + "; bytes intact was asserted");
        }

        var stats = result.Stats();
        Assert.Multiple(() =>
        {
            Assert.That(stats["sent"], Is.EqualTo(message.Length));
            Assert.That(stats["partial_sends"], Is.GreaterThan(0), result.ToString());
            Assert.That(stats["would_block"], Is.GreaterThan(0), result.ToString());
        });
    }

    [TestCaseSource(nameof(Clients))]
    public async Task Send_ServerResetsMidMessage_Exits74(Implementation impl)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var ours = await Extensions.ClientAsync(impl);
        var client = ClientRunner.RunAsync(impl, "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port, Messages.RandomBinary(16 * 1024 * 1024, seed: 6), ours ? ["--retries", "0"] : [], TimeSpan.FromSeconds(60));

        using (var accepted = await listener.AcceptAsync())
        {
            var buffer = new byte[64 * 1024];
            var got = 0;
            while (got < buffer.Length)
            {
                var n = await accepted.ReceiveAsync(buffer.AsMemory(got));
                Assert.That(n, Is.GreaterThan(0));
                got += n;
            }

            accepted.LingerState = new LingerOption(true, 0); // close => RST
        }

        var result = await client;
        await AssertErrorAsync(impl, result, 74);
    }

    private static async Task<byte[]> SlowReadAsync(Socket listener)
    {
        using var s = await listener.AcceptAsync();
        var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        for (var reads = 0; reads < 100_000; reads++)
        {
            var n = await s.ReceiveAsync(buffer);
            if (n == 0)
            {
                return output.ToArray();
            }

            output.Write(buffer, 0, n);
            await Task.Delay(1); // the reader is slow on purpose: this is the load under test
        }

        throw new InvalidOperationException("slow reader read too many times");
    }

    /// <summary>Any client: a non-zero exit with a message. A client with our extensions: exactly <paramref name="expected"/> and one line, no stack trace.</summary>
    private static async Task AssertErrorAsync(Implementation impl, ClientResult result, int expected)
    {
        if (await Extensions.ClientAsync(impl))
        {
            AssertOneLine(result, expected);
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero.And.Not.Null, $"a non-zero exit; {result}");
            Assert.That(result.Stderr.Trim(), Is.Not.Empty, "an error message");
        });
    }

    private static void AssertOneLine(ClientResult result, int expected)
    {
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(expected), result.ToString());
            Assert.That(lines, Has.Length.EqualTo(1), $"one error line; {result}");
            Assert.That(result.Stderr, Does.Not.Contain("Traceback").And.Not.Contain("   at "), "no stack trace");
        });
    }
}
