using SocketBench.Toxiproxy.Client;
using System.Diagnostics;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>
/// <c>/metrics</c> as Toxiproxy's (issue 13): byte counters that are true counters (they survive a link's
/// end and the proxy's deletion), and the process metrics dashboards expect, checked against /proc by scraping.
/// </summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class MetricsTests
{
    private static async Task<Prometheus> ScrapeAsync(TestToxiproxy tp)
    {
        var reply = await tp.SendAsync("GET", "/metrics");
        Assert.That(reply.Status, Is.EqualTo(200));
        Assert.That(reply.ContentType, Does.StartWith("text/plain"));
        return Prometheus.Parse(reply.Body);
    }

    private static string Series(string metric, string direction, string listen, string proxy, string upstream) =>
        $"{metric}{{direction=\"{direction}\",listener=\"{listen}\",proxy=\"{proxy}\",upstream=\"{upstream}\"}}";

    [Test]
    public async Task ByteCounters_LinkEndedThenProxyDeleted_KeptAndGrowOnRecreate()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.ProxyMetrics = true);
        using var echo = TestServer.Echo();
        var proxy = await tp.Client.CreateProxyAsync("m", echo.Address);
        var up = Series("toxiproxy_proxy_sent_bytes_total", "upstream", proxy.Listen, "m", echo.Address);
        var down = Series("toxiproxy_proxy_received_bytes_total", "downstream", proxy.Listen, "m", echo.Address);
        using (var client = await Sockets.ConnectAsync(proxy.ListenPort))
        {
            await client.SendAsync("hello"u8.ToArray());
            await client.ReadExactlyAsync(5);
            client.Shutdown(SocketShutdown.Send);
            await client.ReadToEndAsync().Within(TimeSpan.FromSeconds(5), "link end");
        }

        await Eventually.UntilAsync(async () => (await ScrapeAsync(tp))[up] == 5 && (await ScrapeAsync(tp))[down] == 5, TimeSpan.FromSeconds(5), "5 bytes each way after the link ended");
        await proxy.DeleteAsync();
        var afterDelete = await ScrapeAsync(tp);
        Assert.That(afterDelete[up], Is.EqualTo(5), "a deleted proxy's counter stays, as a Prometheus counter vector keeps its series");
        Assert.That(afterDelete[down], Is.EqualTo(5));

        var again = await tp.Client.CreateProxyAsync("m", echo.Address, new ListenAddress(proxy.Listen));
        Assert.That(again.Listen, Is.EqualTo(proxy.Listen));
        using (var client = await Sockets.ConnectAsync(again.ListenPort))
        {
            await client.SendAsync("hi"u8.ToArray());
            await client.ReadExactlyAsync(2);
        }

        await Eventually.UntilAsync(async () => (await ScrapeAsync(tp))[up] == 7, TimeSpan.FromSeconds(5), "the same labels go on counting: 5 + 2");
        Assert.That((await ScrapeAsync(tp)).Types["toxiproxy_proxy_sent_bytes_total"], Is.EqualTo("counter"));
    }

    [Test]
    public async Task ProcessMetrics_Scraped_MatchThisProcess()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.RuntimeMetrics = true);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime.TotalSeconds;
        var first = await ScrapeAsync(tp);
        self.Refresh();
        var cpuAfter = self.TotalProcessorTime.TotalSeconds;

        Assert.Multiple(() =>
        {
            Assert.That(first.Types["process_cpu_seconds_total"], Is.EqualTo("counter"));
            Assert.That(first.Types["process_open_fds"], Is.EqualTo("gauge"));
            Assert.That(first.Types["process_resident_memory_bytes"], Is.EqualTo("gauge"));
            Assert.That(first["process_cpu_seconds_total"], Is.InRange(cpuBefore - 0.02, cpuAfter + 0.02), "CPU seconds from /proc/self/stat");
            Assert.That(first["process_resident_memory_bytes"], Is.InRange(self.WorkingSet64 * 0.5, self.WorkingSet64 * 2.0));
            Assert.That(first["process_max_fds"], Is.GreaterThan(first["process_open_fds"]));
            Assert.That(first["process_start_time_seconds"], Is.EqualTo(new DateTimeOffset(self.StartTime).ToUnixTimeSeconds()).Within(2));
        });

        var sockets = Enumerable.Range(0, 200).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            var second = await ScrapeAsync(tp);
            Assert.That(second["process_open_fds"] - first["process_open_fds"], Is.GreaterThanOrEqualTo(150), "200 more sockets are 200 more fds (other tests run in parallel, hence the margin)");
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Test]
    public async Task Metrics_OnlyProxyMetrics_NoProcessMetrics()
    {
        await using var tp = await TestToxiproxy.StartAsync(o => o.ProxyMetrics = true);
        var scraped = await ScrapeAsync(tp);
        Assert.That(scraped.Series.Keys.Any(k => k.StartsWith("process_", StringComparison.Ordinal)), Is.False);
    }
}
