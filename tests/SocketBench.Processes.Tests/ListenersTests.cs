using System.Net;
using System.Net.Sockets;

namespace SocketBench.Processes.Tests;

public class ListenersTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [TestCase(7)]
    [TestCase(1)]
    public async Task StartAsync_SilentSpecServer_ReadyOnItsPortWithMeasuredBacklog(int backlog)
    {
        await using var server = await ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = Programs.Python,
            Arguments = ["-c", Programs.SilentServer(backlog)],
        });

        Assert.That(server.Child.Stderr, Is.Empty, "ready without a single log line");
        Assert.That(server.Listener.QueueLimit, Is.EqualTo(backlog));
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        await client.GetStream().WriteAsync("hi"u8.ToArray());
        client.Client.Shutdown(SocketShutdown.Send);
        Assert.That(await Poll.UntilAsync(() => server.Child.Stdout.TotalBytes == 2, Long), Is.True);
    }

    [Test]
    public async Task OfTree_ListenerInAGrandchild_Found()
    {
        var port = FreePort.Get();
        await using var wrapper = ChildProcess.Start(Programs.Shell, "-c", $"{Programs.Python} -c '{Programs.SilentServer(5).Replace("'", "\"", StringComparison.Ordinal)}' {port}; true");

        var listener = await Listeners.WaitAsync(wrapper, Long, port);

        Assert.That(listener, Is.Not.Null, wrapper.Stderr);
        Assert.That(listener!.Port, Is.EqualTo(port));
    }

    [Test]
    public async Task OfTree_ListenerOfAnotherProcess_NotOurs()
    {
        using var foreign = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        foreign.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        foreign.Listen(3);
        await using var child = ChildProcess.Start(Programs.Shell, "-c", "read x");

        Assert.That(Listeners.OfTree(child.Pid), Is.Empty);
        Assert.That(Listeners.OfTree(Environment.ProcessId).Select(l => l.Port), Does.Contain(((IPEndPoint)foreign.LocalEndPoint!).Port));
    }

    [Test]
    public void StartAsync_ExitsBeforeListening_SaysHowAndWhat()
    {
        var e = Assert.ThrowsAsync<ServerStartException>(() => ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = Programs.Shell,
            Arguments = ["-c", "echo 'bind failed' >&2; exit 3", "sh"],
            Attempts = 1,
        }));

        Assert.That(e!.Exited, Is.True);
        Assert.That(e.ExitCode, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("exited with code 3").And.Contain("bind failed"));
    }

    [Test]
    public void StartAsync_RunsButNeverListens_FailsAtDeadline()
    {
        var e = Assert.ThrowsAsync<ServerStartException>(() => ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = Programs.Shell,
            Arguments = ["-c", "sleep 300", "sh"],
            ReadyDeadline = TimeSpan.FromMilliseconds(300),
        }));

        Assert.That(e!.Exited, Is.False);
        Assert.That(e.Message, Does.Contain("did not listen"));
    }
}
