using System.Diagnostics;
using System.Text.Json;
using SocketBench.Processes;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests;

/// <summary>The published Native AOT binary, run as a process (STYLE point 17: prove AOT, don't assume it).</summary>
[TestFixture]
[Category("toxiproxy")]
[Category("process")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxiproxyProgramTests
{
    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.ServerBinary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LOG_LEVEL"] = "info";
        return Process.Start(info)!;
    }

    /// <summary>Reads stderr JSON lines until the API start line; returns its port.</summary>
    private static async Task<int> ApiPortAsync(Process process)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await process.StandardError.ReadLineAsync(cts.Token) is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("message").GetString() == "API HTTP server starting")
            {
                return doc.RootElement.GetProperty("port").GetInt32();
            }
        }

        Assert.Fail("server exited before the API started");
        return 0;
    }

    [Test]
    public async Task Version_Flag_PrintsVersionAndExits0()
    {
        using var process = Start("-version");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10), "-version exit");
        Assert.That(process.ExitCode, Is.Zero);
        Assert.That(output.Trim(), Is.EqualTo("toxiproxy-server version 2.12.0-socketbench"));
    }

    [Test]
    public async Task UnknownFlag_Exits2WithOneLineError()
    {
        using var process = Start("-bogus");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10), "exit");
        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("toxiproxy-server: flag provided but not defined: -bogus"));
    }

    [Test]
    public async Task Config_WithToxics_ProxiesServeTrafficAndSigtermExits0()
    {
        using var echo = TestServer.Echo();
        var config = Path.Combine(Path.GetTempPath(), $"toxiproxy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, $$$"""
            [{"name":"echo","listen":"127.0.0.1:0","upstream":"{{{echo.Address}}}",
              "toxics":[{"name":"lat","type":"latency","stream":"downstream","attributes":{"latency":50}}]}]
            """);
        using var process = Start("-host", "127.0.0.1", "-port", "0", "-config", config, "-seed", "1");
        try
        {
            var port = await ApiPortAsync(process);
            using var client = new ToxiproxyClient(new Uri($"http://127.0.0.1:{port}"));
            var proxy = await client.GetProxyAsync("echo");
            Assert.That(proxy.Info.Toxics.Single().Name, Is.EqualTo("lat"));

            using var socket = await Sockets.ConnectAsync(proxy.ListenPort);
            var clock = Stopwatch.StartNew();
            await socket.SendAsync("ping"u8.ToArray());
            Assert.That(await socket.ReadExactlyAsync(4).Within(TimeSpan.FromSeconds(5), "echo"), Is.EqualTo("ping"u8.ToArray()));
            Assert.That(clock.Elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(45), "config toxic applied from the first connection");

            Assert.That(Signals.Send(process.Id, Signals.SigTerm), Is.True, "SIGTERM sent");
            await process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10), "SIGTERM shutdown");
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            File.Delete(config);
        }
    }

    [Test]
    public async Task Config_OneInvalidToxic_Exit1WithOneLineNamingProxyToxicAndProblem()
    {
        var config = Path.Combine(Path.GetTempPath(), $"toxiproxy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, """
            [{"name":"fine","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"},
             {"name":"web","listen":"127.0.0.1:0","upstream":"127.0.0.1:1","toxics":[{"name":"slow","type":"latency","attributes":{"latency":"100"}}]}]
            """);
        try
        {
            using var process = Start("-host", "127.0.0.1", "-port", "0", "-config", config);
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10), "start-up failure");
            Assert.That(process.ExitCode, Is.EqualTo(1));
            Assert.That(await stderr, Is.EqualTo(
                $"toxiproxy-server: -config {config}: proxy \"web\", toxic \"slow\": bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64\n"));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Test]
    public async Task RuntimeMetrics_Scraped_MatchTheChildsProcEntries()
    {
        using var process = Start("-host", "127.0.0.1", "-port", "0", "-runtime-metrics");
        try
        {
            var port = await ApiPortAsync(process);
            _ = process.StandardError.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var metrics = Prometheus.Parse(await http.GetStringAsync("/metrics"));
            var fds = Directory.GetFileSystemEntries($"/proc/{process.Id}/fd").Length;
            var rssKb = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            var rss = double.Parse(rssKb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            process.Refresh();
            Assert.Multiple(() =>
            {
                Assert.That(metrics["process_open_fds"], Is.EqualTo(fds).Within(5), "open fds as /proc/PID/fd lists them");
                Assert.That(metrics["process_resident_memory_bytes"], Is.InRange(rss * 0.5, rss * 2), "RSS as /proc/PID/status reports it");
                Assert.That(metrics["process_cpu_seconds_total"], Is.GreaterThan(0).And.LessThanOrEqualTo(process.TotalProcessorTime.TotalSeconds + 0.02));
                Assert.That(metrics["process_max_fds"], Is.GreaterThan(fds));
                Assert.That(metrics.Series.Keys, Has.Some.StartsWith("toxiproxy_build_info{version="));
            });
        }
        finally
        {
            Assert.That(Signals.Send(process.Id, Signals.SigTerm), Is.True, "SIGTERM sent");
            await process.WaitForExitAsync().Within(TimeSpan.FromSeconds(10), "SIGTERM shutdown");
        }
    }
}
