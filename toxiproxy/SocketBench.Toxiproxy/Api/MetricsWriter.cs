using System.Diagnostics;
using System.Globalization;
using System.Text;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// Prometheus text for <c>/metrics</c>: Toxiproxy's byte counters (live, not only when a link ends)
/// and, with runtime metrics, a few process gauges.
/// </summary>
internal sealed class MetricsWriter(bool proxyMetrics, bool runtimeMetrics)
{
    /// <summary>True when <c>/metrics</c> is registered.</summary>
    public bool Enabled => proxyMetrics || runtimeMetrics;

    /// <summary>Renders the current values.</summary>
    public byte[] Write(IReadOnlyList<Proxy> proxies)
    {
        var sb = new StringBuilder();
        if (proxyMetrics)
        {
            WriteCounter(sb, proxies, "toxiproxy_proxy_received_bytes_total", "The total bytes received from the source", sent: false);
            WriteCounter(sb, proxies, "toxiproxy_proxy_sent_bytes_total", "The total bytes sent to the destination", sent: true);
        }

        if (runtimeMetrics)
        {
            using var process = Process.GetCurrentProcess();
            sb.Append("# TYPE toxiproxy_build_info gauge\n")
              .Append(CultureInfo.InvariantCulture, $"toxiproxy_build_info{{version=\"{ToxiproxyConstants.Version}\"}} 1\n")
              .Append("# TYPE process_resident_memory_bytes gauge\n")
              .Append(CultureInfo.InvariantCulture, $"process_resident_memory_bytes {process.WorkingSet64}\n")
              .Append("# TYPE dotnet_gc_heap_bytes gauge\n")
              .Append(CultureInfo.InvariantCulture, $"dotnet_gc_heap_bytes {GC.GetTotalMemory(false)}\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteCounter(StringBuilder sb, IReadOnlyList<Proxy> proxies, string metric, string help, bool sent)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {metric} {help}\n# TYPE {metric} counter\n");
        foreach (var proxy in proxies)
        {
            foreach (var direction in new[] { Direction.Downstream, Direction.Upstream })
            {
                var (received, sentBytes) = proxy.Bytes(direction);
                var label = direction == Direction.Upstream ? "upstream" : "downstream";
                sb.Append(CultureInfo.InvariantCulture,
                    $"{metric}{{direction=\"{label}\",listener=\"{Escape(proxy.Listen)}\",proxy=\"{Escape(proxy.Name)}\",upstream=\"{Escape(proxy.Upstream)}\"}} {(sent ? sentBytes : received)}\n");
            }
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
