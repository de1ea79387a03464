using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Toxics;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class NoopToxicTests
{
    [Test]
    public async Task Proxy_NoopAddRemoveAndReset_EchoTrafficUnchanged()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("noop", echo.Address);
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        for (var i = 0; i < 100; i++)
        {
            var message = System.Text.Encoding.ASCII.GetBytes($"echo {i}\n");
            await client.SendAsync(message);
            Assert.That(await client.ReadExactlyAsync(message.Length).Within(TimeSpan.FromSeconds(2), "echo"), Is.EqualTo(message));
            switch (i % 3)
            {
                case 0:
                    await proxy.AddToxicAsync(new NoopToxic { Name = "n" });
                    break;
                case 1:
                    await proxy.RemoveToxicAsync("n");
                    break;
                default:
                    await tp.Client.ResetAsync();
                    break;
            }
        }
    }
}
