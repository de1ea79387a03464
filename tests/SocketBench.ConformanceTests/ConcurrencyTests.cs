using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;
using SocketBench.Processes;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>
/// <c>server --concurrency N</c> (DESIGN.md section 3a) over real sockets, for every selected
/// server that names the option in its <c>--help</c> (others skip). The clients are raw sockets
/// the test drives by hand, so a client can stall, hold, reset or finish at a chosen moment.
/// </summary>
[TestFixture]
[Category("conformance")]
public class ConcurrencyTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(15);

    public static IEnumerable<Implementation> Servers => Implementations.Selected;

    public static IEnumerable<TestCaseData> BadValues() =>
        from impl in Implementations.Selected
        from args in new[] { new[] { "--concurrency", "0" }, ["--concurrency", "abc"], ["--concurrency", "1025"], ["--spool-memory", "-1"], ["--spool-memory", "lots"] }
        select new TestCaseData(impl, args).SetName($"server={impl.Name} args=[{string.Join(' ', args)}]");

    [TestCaseSource(nameof(BadValues))]
    public async Task Run_BadConcurrencyOrSpool_Exits64WithOneLine(Implementation impl, string[] args)
    {
        await Extensions.RequireServerOptionsAsync(impl, "--concurrency", "--spool-memory");
        using var child = ChildProcess.Start(impl.Server, [.. args, "0"]);
        var code = await child.WaitForExitAsync(ExitDeadline);
        ServerContractTests.AssertOneLineExit(child, code, 64);
        Assert.That(child.Stderr, Does.Contain(args[0]), "the line names the option");
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_StalledClient_SecondMessageReachesStdoutWhole(Implementation impl)
    {
        using var server = await StartAsync(impl, "--concurrency", "2");
        var stalledMessage = Messages.RandomAlphanumeric(20_000, seed: 1);
        var second = Messages.RandomAlphanumeric(50_000, seed: 2);
        using var stalled = await RawPeer.ConnectAsync(server.Port);
        await stalled.SendAsync(stalledMessage.AsMemory(0, 10_000));

        using var fast = await RawPeer.ConnectAsync(server.Port);
        await fast.SendAsync(second);
        Assert.That(await fast.FinishAsync(Long), Is.Not.Null, $"the second client is served (closed) while the first holds; stderr=[{server.Child.Stderr.Trim()}]");
        await ConformanceCase.ExpectOutputAsync(server, second);

        await stalled.SendAsync(stalledMessage.AsMemory(10_000));
        Assert.That(await stalled.FinishAsync(Long), Is.Not.Null, "the stalled client is served once it finishes");
        await ConformanceCase.ExpectOutputAsync(server, [.. second, .. stalledMessage]);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_OverlappingLargeMessages_StdoutIsWholeMessagesInSomeOrder(Implementation impl)
    {
        const int Clients = 4, Size = 300_000, Slice = 16_384;
        using var server = await StartAsync(impl, "--concurrency", "4", "--spool-memory", "65536");
        var messages = Enumerable.Range(0, Clients).Select(i => Messages.RandomBinary(Size, seed: 100 + i)).ToArray();
        var peers = new List<RawPeer>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                peers.Add(await RawPeer.ConnectAsync(server.Port));
            }

            // Round-robin slices: every message is in progress while the others are.
            for (var at = 0; at < Size; at += Slice)
            {
                for (var i = 0; i < Clients; i++)
                {
                    await peers[i].SendAsync(messages[i].AsMemory(at, Math.Min(Slice, Size - at)));
                }
            }

            var closes = await Task.WhenAll(peers.Select(p => p.FinishAsync(Long)));
            Assert.That(closes, Has.All.Not.Null, $"every client is served; stderr=[{server.Child.Stderr.Trim()}]");
        }
        finally
        {
            peers.ForEach(p => p.Dispose());
        }

        await server.WaitForOutputAsync(Clients * (long)Size, Long);
        var output = server.Child.Stdout.ToArray();
        Assert.That(output, Has.Length.EqualTo(Clients * Size), "stdout holds exactly the messages' bytes");
        var order = new List<int>();
        for (var at = 0; at < output.Length; at += Size)
        {
            var chunk = output[at..(at + Size)];
            var which = Array.FindIndex(messages, m => m.AsSpan().SequenceEqual(chunk));
            Assert.That(which, Is.Not.Negative, $"bytes {at}..{at + Size} are one whole message (no interleaving)");
            order.Add(which);
        }

        Assert.That(order, Is.Unique, "each message exactly once");
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Accept_LimitTwoWithTwoStalled_ThirdWaitsInTheListenQueue(Implementation impl)
    {
        using var server = await StartAsync(impl, "--concurrency", "2");
        var a = Messages.Text("first stalled client's message\n");
        var b = Messages.Text("second stalled client's message\n");
        var c = Messages.Text("third client, beyond the limit\n");
        using var first = await RawPeer.ConnectAsync(server.Port);
        using var second = await RawPeer.ConnectAsync(server.Port);
        await first.SendAsync(a.AsMemory(0, 5));
        await second.SendAsync(b.AsMemory(0, 5));
        var inode = server.Listener.Inode;
        var observable = SockDiag.ListenQueues().ContainsKey(inode);
        if (observable)
        {
            await Eventually.AssertAsync(() => Queued(inode) == 0, Long, () => "both stalled clients accepted");
        }

        using var third = await RawPeer.ConnectAsync(server.Port);
        await third.SendAsync(c);
        third.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        if (observable)
        {
            await Eventually.AssertAsync(() => Queued(inode) == 1, Long, () => $"the third client waits in the listen queue (queued={Queued(inode)})");
        }

        Assert.That(server.Child.Stdout.TotalBytes, Is.Zero, "nothing is finished yet");
        await first.SendAsync(a.AsMemory(5));
        Assert.That(await first.FinishAsync(Long), Is.Not.Null, "the first stalled client is served");
        Assert.That(await third.ReadToCloseAsync(Long), Is.Not.Null, "the third is accepted once a slot is free, and served");
        await ConformanceCase.ExpectOutputAsync(server, [.. a, .. c]);
        await second.SendAsync(b.AsMemory(5));
        Assert.That(await second.FinishAsync(Long), Is.Not.Null);
        await ConformanceCase.ExpectOutputAsync(server, [.. a, .. c, .. b]);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_ResetMidMessage_PrefixWrittenWholeAndReported(Implementation impl)
    {
        using var server = await StartAsync(impl, "--concurrency", "2");
        var prefix = Messages.RandomAlphanumeric(30_000, seed: 7);
        using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            await peer.SendAsync(prefix);
            var local = (System.Net.IPEndPoint)peer.Socket.LocalEndPoint!;
            await Eventually.AssertAsync(() => ServerReadAll(server, local.Port), Long, () => "the server read every byte sent");
            peer.Reset();
        }

        var reported = new Regex($@"after {prefix.Length} bytes; prefix written");
        await Eventually.AssertAsync(() => reported.IsMatch(server.Child.Stderr), Long, () => $"a 'prefix written' line; stderr=[{server.Child.Stderr.Trim()}]");
        await ConformanceCase.ExpectOutputAsync(server, prefix);

        var next = Messages.Text("the next client is served\n");
        using var after = await RawPeer.ConnectAsync(server.Port);
        await after.SendAsync(next);
        Assert.That(await after.FinishAsync(Long), Is.Not.Null);
        await ConformanceCase.ExpectOutputAsync(server, [.. prefix, .. next]);
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Signal_SigtermWithFinishedAndUnfinished_FinishedWrittenUnfinishedDiscarded(Implementation impl)
    {
        using var server = await StartAsync(impl, "--concurrency", "2");
        var unfinished = Messages.Text("this message never ends");
        var finished = Messages.Text("this message ends during the grace period\n");
        using var holding = await RawPeer.ConnectAsync(server.Port);
        using var ending = await RawPeer.ConnectAsync(server.Port);
        await holding.SendAsync(unfinished);
        await ending.SendAsync(finished);
        foreach (var peer in new[] { holding, ending })
        {
            var port = ((System.Net.IPEndPoint)peer.Socket.LocalEndPoint!).Port;
            await Eventually.AssertAsync(() => ServerReadAll(server, port), Long, () => "the server read what each client sent");
        }

        Assert.That(server.Child.Signal(Signals.SigTerm), Is.True);
        var closed = ending.FinishAsync(Long);
        var code = await server.Child.WaitForExitAsync(Long);
        var confirmation = await closed;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, $"stderr=[{server.Child.Stderr.Trim()}]");
            Assert.That(confirmation, Is.Not.Null, "the finished client saw the server's close");
            Assert.That(server.Child.Stdout.ToArray(), Is.EqualTo(finished), "the finished message is written, the unfinished one is not");
            Assert.That(server.Child.Stderr, Does.Contain($"discarded {unfinished.Length} bytes (unfinished at shutdown)"));
        });
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_FourClientsOf64MiB_PeakMemoryStaysBounded(Implementation impl)
    {
        const int Clients = 4, Size = 64 << 20, Slice = 1 << 20;
        const long Bound = 96L << 20;
        using var server = await StartAsync(impl, captureStdout: false, "--concurrency", "4");
        var block = Messages.RandomBinary(Slice, seed: 64);
        var peers = new List<RawPeer>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                peers.Add(await RawPeer.ConnectAsync(server.Port));
            }

            for (var at = 0; at < Size; at += Slice)
            {
                await Task.WhenAll(peers.Select(p => p.SendAsync(block, Long)));
            }

            var closes = await Task.WhenAll(peers.Select(p => p.FinishAsync(Long)));
            Assert.That(closes, Has.All.Not.Null, $"every client is served; stderr=[{server.Child.Stderr.Trim()}]");
        }
        finally
        {
            peers.ForEach(p => p.Dispose());
        }

        await Eventually.AssertAsync(() => server.Child.Stdout.TotalBytes == (long)Clients * Size, Long, () => $"all {Clients} x 64 MiB on stdout (seen {server.Child.Stdout.TotalBytes})");
        var peak = ProcessTree.Of(server.Child.Pid).Sum(pid => ProcessTree.PeakResidentBytes(pid) ?? 0);
        Assert.That(peak, Is.LessThan(Bound), $"peak RSS {peak >> 20} MiB while spooling {Clients} x 64 MiB (bound {Bound >> 20} MiB)");
    }

    [TestCaseSource(nameof(Servers))]
    public async Task Serve_StdoutIsDevFull_ClientSeesNoCleanCloseServerExits74(Implementation impl)
    {
        await Extensions.RequireServerOptionsAsync(impl, "--concurrency");
        using var server = await impl.StartServerAsync(["--concurrency", "2"], serverPath: "/bin/sh", prefixArgs: ["-c", "exec \"$0\" \"$@\" >/dev/full", impl.Server]);
        using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync(Messages.Text("no room for this\n"));

        byte[]? closed;
        try
        {
            closed = await peer.FinishAsync(Long);
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
        {
            closed = null;
        }

        var code = await server.Child.WaitForExitAsync(ExitDeadline);
        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.Null, "a reset, not a close a client would take for a confirmation");
            Assert.That(code, Is.EqualTo(74), $"stderr=[{server.Child.Stderr.Trim()}]");
        });
    }

    internal static async Task<ServerProcess> StartAsync(Implementation impl, params string[] args) =>
        await StartAsync(impl, captureStdout: true, args);

    private static async Task<ServerProcess> StartAsync(Implementation impl, bool captureStdout, params string[] args)
    {
        await Extensions.RequireServerOptionsAsync(impl, args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray());
        return await impl.StartServerAsync(args, captureStdout: captureStdout);
    }

    private static int Queued(long inode) => SockDiag.ListenQueues().TryGetValue(inode, out var q) ? q.Queued : -1;

    /// <summary>The server's end of the connection from our <paramref name="clientPort"/> exists and has nothing left unread.</summary>
    private static bool ServerReadAll(ServerProcess server, int clientPort) =>
        Listeners.ConnectionsOfTree(server.Child.Pid).Any(r => r.Remote.Port == clientPort && r.RxQueue == 0);
}
