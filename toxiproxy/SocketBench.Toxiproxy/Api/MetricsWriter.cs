using System.Globalization;
using System.Text;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// Prometheus text for <c>/metrics</c>: Toxiproxy's byte counters and, with runtime metrics, the process
/// metrics dashboards expect (<see cref="ProcessMetrics"/>).
/// <code>
///   series = ProxyHost.Traffic.Snapshot(live proxies)
///          = finished links' bytes per (proxy, listener, upstream, direction) + live links' bytes
/// </code>
/// So a series is a true counter: it survives a link's end, a proxy's deletion (it stays, frozen, as a
/// Prometheus counter vector keeps its series) and a re-creation under the same labels (it goes on growing).
/// </summary>
internal sealed class MetricsWriter(bool proxyMetrics, bool runtimeMetrics)
{
    private const string Received = "toxiproxy_proxy_received_bytes_total";
    private const string Sent = "toxiproxy_proxy_sent_bytes_total";

    /// <summary>True when <c>/metrics</c> is registered.</summary>
    public bool Enabled => proxyMetrics || runtimeMetrics;

    /// <summary>Renders the current values.</summary>
    public byte[] Write(TrafficTotals traffic, IReadOnlyList<Proxy> proxies)
    {
        var sb = new StringBuilder();
        if (proxyMetrics)
        {
            var rows = traffic.Snapshot(proxies);
            WriteCounter(sb, rows, Received, "The total bytes received from the source", sent: false);
            WriteCounter(sb, rows, Sent, "The total bytes sent to the destination", sent: true);
        }

        if (runtimeMetrics)
        {
            sb.Append("# HELP toxiproxy_build_info A metric with a constant '1' value labeled by version\n")
              .Append("# TYPE toxiproxy_build_info gauge\n")
              .Append(CultureInfo.InvariantCulture, $"toxiproxy_build_info{{version=\"{ToxiproxyConstants.Version}\"}} 1\n")
              .Append("# HELP dotnet_gc_heap_bytes Bytes allocated on the managed heap\n")
              .Append("# TYPE dotnet_gc_heap_bytes gauge\n")
              .Append(CultureInfo.InvariantCulture, $"dotnet_gc_heap_bytes {GC.GetTotalMemory(false)}\n");
            ProcessMetrics.Write(sb);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteCounter(StringBuilder sb, IReadOnlyList<TrafficRow> rows, string metric, string help, bool sent)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {metric} {help}\n# TYPE {metric} counter\n");
        foreach (var row in rows)
        {
            var key = row.Key;
            var label = key.Direction == Direction.Upstream ? "upstream" : "downstream";
            sb.Append(CultureInfo.InvariantCulture,
                $"{metric}{{direction=\"{label}\",listener=\"{Escape(key.Listener)}\",proxy=\"{Escape(key.Proxy)}\",upstream=\"{Escape(key.Upstream)}\"}} {(sent ? row.Sent : row.Received)}\n");
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
