using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NUnit.Framework;
using SocketBench.Processes;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>
/// Receipts (DESIGN.md section 3a) over real sockets and processes: every client x server pair
/// where both name <c>--receipt</c> in their <c>--help</c>, receipt servers read by a raw socket,
/// and receipt clients against a fake server written here that answers wrongly on purpose.
/// </summary>
[TestFixture]
[Category("conformance")]
public class ReceiptTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    public static IEnumerable<TestCaseData> Pairs() =>
        from pair in Implementations.Pairs
        select new TestCaseData(pair.Client, pair.Server).SetName($"client={pair.Client.Name} server={pair.Server.Name}");

    public static IEnumerable<TestCaseData> SpecClientPairs() =>
        from pair in Implementations.PairsWithSpecOnly
        select new TestCaseData(pair.Client, pair.Server).SetName($"client={pair.Client.Name} server={pair.Server.Name}");

    public static IEnumerable<TestCaseData> ServerModes() =>
        from impl in Implementations.Selected
        from mode in new[] { "sequential", "concurrent" }
        from message in new[] { "hello\n", "", "a longer line\nand a second one" }
        select new TestCaseData(impl, mode, message).SetName($"server={impl.Name} mode={mode} message={message.Length}B");

    public static IEnumerable<TestCaseData> WrongAnswers() =>
        from impl in Implementations.Selected
        from answer in new[] { "count", "hash", "garbage", "silence", "reset", "nothing" }
        select new TestCaseData(impl, answer).SetName($"client={impl.Name} fake-server={answer}");

    [TestCaseSource(nameof(Pairs))]
    public async Task Receipt_BothSides_ExitZeroOutputExactReceiptOk(Implementation client, Implementation server)
    {
        await Extensions.RequireClientOptionsAsync(client, "--receipt");
        using var running = await ConcurrencyTests.StartAsync(server, "--receipt");
        var message = Messages.RandomBinary(200_000, seed: 15);

        var result = await ClientRunner.RunAsync(client, "127.0.0.1", running.Port, message, ["--receipt", "-v"], Long);

        Assert.That(result.ExitCode, Is.Zero, $"{result}; server stderr=[{running.Child.Stderr.Trim()}]");
        Assert.That(result.StatsText()["receipt"], Is.EqualTo("ok"));
        await ConformanceCase.ExpectOutputAsync(running, message);
    }

    [TestCaseSource(nameof(ServerModes))]
    public async Task Receipt_RawSocketReadsTheLine_ExactFormat(Implementation impl, string mode, string text)
    {
        string[] args = mode == "concurrent" ? ["--receipt", "--concurrency", "2"] : ["--receipt"];
        using var server = await ConcurrencyTests.StartAsync(impl, args);
        var message = Messages.Text(text);
        using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync(message);

        var line = await peer.FinishAsync(Long);

        var expected = $"SBR/1 {message.Length} {Convert.ToHexStringLower(SHA256.HashData(message))}\n";
        Assert.That(line is null ? null : System.Text.Encoding.ASCII.GetString(line), Is.EqualTo(expected), $"stderr=[{server.Child.Stderr.Trim()}]");
        await ConformanceCase.ExpectOutputAsync(server, message);
    }

    [TestCaseSource(nameof(SpecClientPairs))]
    public async Task Receipt_SpecClientAgainstReceiptServer_ExitZeroOutputExact(Implementation client, Implementation server)
    {
        using var running = await ConcurrencyTests.StartAsync(server, "--receipt");
        var message = Messages.RandomAlphanumeric(100_000, seed: 16);

        await ConformanceCase.SendOkAsync(client, running, message);

        await ConformanceCase.ExpectOutputAsync(running, message);
    }

    [TestCaseSource(nameof(Pairs))]
    public async Task Receipt_ClientAgainstServerWithout_Exit74None(Implementation client, Implementation server)
    {
        await Extensions.RequireClientOptionsAsync(client, "--receipt");
        using var running = await server.StartServerAsync();
        var message = Messages.Text("a proof was asked for\n");

        var result = await ClientRunner.RunAsync(client, "127.0.0.1", running.Port, message, ["--receipt"], Long);

        Assert.That(result.ExitCode, Is.EqualTo(74), result.ToString());
        Assert.That(result.Stderr.Trim(), Is.EqualTo("client: receipt: none (server closed without one)"));
        await ConformanceCase.ExpectOutputAsync(running, message);
    }

    [TestCaseSource(nameof(WrongAnswers))]
    public async Task Receipt_FakeServerAnswersWrongly_Exit74NamingTheDifference(Implementation impl, string answer)
    {
        await Extensions.RequireClientOptionsAsync(impl, "--receipt");
        var message = Messages.Text("twelve bytes");
        var sha = SHA256.HashData(message);
        byte[]? reply = answer switch
        {
            "count" => Messages.Text($"SBR/1 {message.Length - 1} {Convert.ToHexStringLower(sha)}\n"),
            "hash" => Messages.Text($"SBR/1 {message.Length} {Convert.ToHexStringLower(SHA256.HashData(Messages.Text("other")))}\n"),
            "garbage" => Messages.Text("HELLO\tthere\n"),
            "nothing" => [],
            _ => null,
        };
        using var fake = new TcpListener(IPAddress.Loopback, 0);
        fake.Start();
        var port = ((IPEndPoint)fake.LocalEndpoint).Port;
        var clientDone = new TaskCompletionSource();
        var serving = ServeOnceAsync(fake, answer, reply, clientDone.Task);

        // A short wait only where the timeout is the point: elsewhere a busy test host may take a while to answer.
        var wait = answer == "silence" ? "0.5" : "30";
        var result = await ClientRunner.RunAsync(impl, "127.0.0.1", port, message, ["--receipt", "--drain-timeout", wait], Long);
        clientDone.SetResult();
        var received = await serving.WaitAsync(Long);

        var expected = answer switch
        {
            "count" => "client: receipt: server wrote 11 of 12 bytes",
            "hash" => "client: receipt: sha256 differs (12 bytes each)",
            "garbage" => "client: receipt: malformed: HELLO",
            "silence" => "client: receipt: none (timed out after 0.5 s)",
            "reset" => "client: receipt: none (reset)",
            _ => "client: receipt: none (server closed without one)",
        };
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(74), result.ToString());
            Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), result.ToString());
            Assert.That(result.Stderr.Trim(), Does.StartWith(expected), result.ToString());
            Assert.That(received, Is.EqualTo(message), "the fake server got the whole message");
        });
    }

    /// <summary>
    /// Accepts one client, reads its message to EOF, then answers: <paramref name="reply"/> and a
    /// close; for "silence" nothing until the client has exited; for "reset" an RST.
    /// </summary>
    private static async Task<byte[]> ServeOnceAsync(TcpListener listener, string answer, byte[]? reply, Task clientDone)
    {
        using var deadline = new CancellationTokenSource(Long);
        using var socket = await listener.AcceptSocketAsync(deadline.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        if (answer == "reset")
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        else if (answer == "silence")
        {
            // Hold the connection open until the client gave up and exited.
            await clientDone.WaitAsync(deadline.Token);
        }
        else if (reply is { Length: > 0 })
        {
            await socket.SendAsync(reply, SocketFlags.None, deadline.Token);
        }

        return received.ToArray();
    }
}
