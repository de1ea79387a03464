using SocketBench.Toxiproxy.Client;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>
/// Runs once before every test: gives the thread pool enough threads for parallel fixtures on a
/// 2-core machine and JIT-compiles the data path, so timing assertions measure toxics, not warm-up.
/// </summary>
[SetUpFixture]
public sealed class WarmUp
{
    [OneTimeSetUp]
    public async Task WarmUpDataPathAsync()
    {
        ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount * 8), 32);
        await using var tp = await TestToxiproxy.StartAsync();
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("warmup", echo.Address);
        ToxicSpec[] toxics =
        [
            new LatencyToxic { Name = "l", LatencyMilliseconds = 1, JitterMilliseconds = 1 },
            new BandwidthToxic { Name = "b", RateKilobytesPerSecond = 100_000 },
            new SlicerToxic { Name = "s", AverageSizeBytes = 64, SizeVariationBytes = 8, DelayMicroseconds = 1 },
            new SlowCloseToxic { Name = "c", DelayMilliseconds = 1 },
            new LimitDataToxic { Name = "d", Bytes = 1_000_000 },
            new NoopToxic { Name = "n" },
        ];
        using var client = await Sockets.ConnectAsync(proxy.ListenPort);
        foreach (var toxic in toxics)
        {
            await proxy.AddToxicAsync(toxic);
            await client.SendAsync(new byte[512]);
            await client.ReadExactlyAsync(512).Within(TimeSpan.FromSeconds(10), "warm-up echo");
        }

        await proxy.UpdateToxicAsync("l", new LatencyToxic { LatencyMilliseconds = 2 });
        foreach (var toxic in toxics)
        {
            await proxy.RemoveToxicAsync(toxic.Name!);
        }

        await client.SendAsync(new byte[512]);
        await client.ReadExactlyAsync(512).Within(TimeSpan.FromSeconds(10), "warm-up echo");
        await tp.Client.ResetAsync();
    }
}
