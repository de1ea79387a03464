using SocketBench.Load.Clients;
using SocketBench.Load.Target;
using SocketBench.Processes;

namespace SocketBench.Load.Tests.Target;

/// <summary>The server under test, started through the shared process library: real programs, real sockets.</summary>
[TestFixture]
[Category("load")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TargetServerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly ClientSettings Settings = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.Zero);
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("targetserver-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task StartAsync_OurServer_ListensParsesStdoutAndStopsCleanly()
    {
        await using var server = await TargetServer.StartAsync(LoadOptions.Smoke().ServerPath, 10, CancellationToken.None);
        Assert.That(server.AcceptQueue, Is.Zero, "listening, nothing queued");
        Assert.That(server.ResidentBytes, Is.GreaterThan(0));
        var id = server.Ledger.NextId();

        using (var client = new MessageClient(server.Ledger, server.EndPoint, Settings, TimeProvider.System))
        {
            var response = await client.SendMessageAsync(id, 10_000, CancellationToken.None);
            Assert.That(response.IsOk, Is.True, response.StatusCode);
        }

        Assert.That(await Poll.UntilAsync(() => server.Ledger.DeliveredCount(id) == 1, Long), Is.True, "the parser saw the message on the server's stdout");
        Assert.That(await server.StopAsync(), Is.Zero, server.Log.Recent);
        Assert.That(server.Ledger.Verify(id, id + 1).ExactlyOnce, Is.True);
    }

    /// <summary>A server that says nothing on stderr (no "port N" line) is ready once it listens: the runner used to wait for a log line.</summary>
    [Test]
    public async Task StartAsync_ServerThatPrintsNoPortLine_ReadyByItsListeningSocket()
    {
        var path = Script("silent-server", """
            #!/bin/sh
            # --backlog B --bind ADDR PORT: listen, print each connection's bytes, never log.
            exec python3 -c '
            import socket, sys
            s = socket.socket(); s.bind((sys.argv[2], int(sys.argv[3]))); s.listen(int(sys.argv[1]))
            while True:
                c, _ = s.accept(); data = b""
                while (chunk := c.recv(65536)): data += chunk
                sys.stdout.buffer.write(data); sys.stdout.flush(); c.close()
            ' "$2" "$4" "$5"
            """);

        await using var server = await TargetServer.StartAsync(path, 5, CancellationToken.None);

        Assert.That(server.Port, Is.GreaterThan(0));
        Assert.That(server.Log.Lines, Is.Zero);
        var id = server.Ledger.NextId();
        using var client = new MessageClient(server.Ledger, server.EndPoint, Settings, TimeProvider.System);
        Assert.That((await client.SendMessageAsync(id, 100, CancellationToken.None)).IsOk, Is.True);
        Assert.That(await Poll.UntilAsync(() => server.Ledger.DeliveredCount(id) == 1, Long), Is.True);
    }

    /// <summary>Stopping kills the server's whole process group: a child it forked does not outlive it.</summary>
    [Test]
    public async Task DisposeAsync_ServerThatIgnoresSigterm_KilledWithItsChildren()
    {
        var path = Script("stubborn-server", """
            #!/bin/sh
            trap '' TERM
            sleep 300 &
            exec python3 -c '
            import signal, socket, sys
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            s = socket.socket(); s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(5)
            while True: s.accept()[0].close()
            ' "$4" "$5"
            """);
        var server = await TargetServer.StartAsync(path, 5, CancellationToken.None);
        var tree = ProcessTree.Of(server.Pid);
        Assert.That(tree, Has.Count.GreaterThanOrEqualTo(2), "the server and its sleeping child");

        await server.DisposeAsync().AsTask().WaitAsync(Long);

        Assert.That(await Poll.UntilAsync(() => tree.All(p => ProcessTree.ResidentBytes(p) is null), Long), Is.True, "every process of the tree is gone");
    }

    [Test]
    public void StartAsync_MissingServer_NamesThePathAndTheFix()
    {
        var missing = Path.Combine(_folder, "no-server");

        Assert.That(async () => await TargetServer.StartAsync(missing, 5, CancellationToken.None),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains(missing).And.Message.Contains("make build"));
    }

    private string Script(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
