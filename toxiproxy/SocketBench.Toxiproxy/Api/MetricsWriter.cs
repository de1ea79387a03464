using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// Prometheus text for <c>/metrics</c>: Toxiproxy's byte counters and, with runtime metrics, the process
/// metrics dashboards expect (<see cref="ProcessMetrics"/>).
/// <code>
///   live proxy:    retired[labels] + (proxy totals − baseline)      totals = finished links + live links
///   Retire(proxy): retired[labels] += totals − baseline; baseline = totals   (delete, replace, relabel)
/// </code>
/// So a series is a true counter: it survives a link's end, a proxy's deletion (it stays, frozen, as a
/// Prometheus counter vector keeps its series) and a re-creation under the same labels (it goes on growing).
/// </summary>
internal sealed class MetricsWriter(bool proxyMetrics, bool runtimeMetrics)
{
    private const string Received = "toxiproxy_proxy_received_bytes_total";
    private const string Sent = "toxiproxy_proxy_sent_bytes_total";
    private readonly Lock gate = new();
    private readonly Dictionary<SeriesKey, ByteTotals> retired = [];
    private readonly ConditionalWeakTable<Proxy, ByteTotals> baselines = [];

    /// <summary>True when <c>/metrics</c> is registered.</summary>
    public bool Enabled => proxyMetrics || runtimeMetrics;

    /// <summary>Moves a proxy's bytes so far into its retired series (before it is deleted or relabelled).</summary>
    public void Retire(Proxy proxy)
    {
        lock (gate)
        {
            var totals = ByteTotals.Of(proxy);
            var baseline = baselines.GetValue(proxy, _ => new ByteTotals());
            Accumulate(SeriesKey.Of(proxy), totals.Minus(baseline));
            baselines.AddOrUpdate(proxy, totals);
        }
    }

    /// <summary>Renders the current values.</summary>
    public byte[] Write(IReadOnlyList<Proxy> proxies)
    {
        var sb = new StringBuilder();
        if (proxyMetrics)
        {
            var series = Snapshot(proxies);
            WriteCounter(sb, series, Received, "The total bytes received from the source", sent: false);
            WriteCounter(sb, series, Sent, "The total bytes sent to the destination", sent: true);
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

    private SortedDictionary<SeriesKey, ByteTotals> Snapshot(IReadOnlyList<Proxy> proxies)
    {
        lock (gate)
        {
            var series = new SortedDictionary<SeriesKey, ByteTotals>(retired);
            foreach (var proxy in proxies)
            {
                var live = ByteTotals.Of(proxy).Minus(baselines.GetValue(proxy, _ => new ByteTotals()));
                var key = SeriesKey.Of(proxy);
                series[key] = series.TryGetValue(key, out var old) ? old.Plus(live) : live;
            }

            return series;
        }
    }

    private void Accumulate(SeriesKey key, ByteTotals bytes) =>
        retired[key] = retired.TryGetValue(key, out var old) ? old.Plus(bytes) : bytes;

    private static void WriteCounter(StringBuilder sb, SortedDictionary<SeriesKey, ByteTotals> series, string metric, string help, bool sent)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {metric} {help}\n# TYPE {metric} counter\n");
        foreach (var (key, totals) in series)
        {
            foreach (var direction in new[] { Direction.Downstream, Direction.Upstream })
            {
                var label = direction == Direction.Upstream ? "upstream" : "downstream";
                sb.Append(CultureInfo.InvariantCulture,
                    $"{metric}{{direction=\"{label}\",listener=\"{Escape(key.Listener)}\",proxy=\"{Escape(key.Proxy)}\",upstream=\"{Escape(key.Upstream)}\"}} {totals.Get(direction, sent)}\n");
            }
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The labels of one proxy's series.</summary>
    private readonly record struct SeriesKey(string Proxy, string Listener, string Upstream) : IComparable<SeriesKey>
    {
        public static SeriesKey Of(Proxy proxy) => new(proxy.Name, proxy.Listen, proxy.Upstream);

        public int CompareTo(SeriesKey other)
        {
            var c = string.CompareOrdinal(Proxy, other.Proxy);
            c = c != 0 ? c : string.CompareOrdinal(Listener, other.Listener);
            return c != 0 ? c : string.CompareOrdinal(Upstream, other.Upstream);
        }
    }

    /// <summary>Received and sent bytes per direction.</summary>
    private sealed record ByteTotals(long UpReceived = 0, long UpSent = 0, long DownReceived = 0, long DownSent = 0)
    {
        public static ByteTotals Of(Proxy proxy)
        {
            var (upReceived, upSent) = proxy.Bytes(Direction.Upstream);
            var (downReceived, downSent) = proxy.Bytes(Direction.Downstream);
            return new(upReceived, upSent, downReceived, downSent);
        }

        public long Get(Direction direction, bool sent) => (direction, sent) switch
        {
            (Direction.Upstream, false) => UpReceived,
            (Direction.Upstream, true) => UpSent,
            (_, false) => DownReceived,
            _ => DownSent,
        };

        public ByteTotals Plus(ByteTotals o) => new(UpReceived + o.UpReceived, UpSent + o.UpSent, DownReceived + o.DownReceived, DownSent + o.DownSent);

        public ByteTotals Minus(ByteTotals o) => new(UpReceived - o.UpReceived, UpSent - o.UpSent, DownReceived - o.DownReceived, DownSent - o.DownSent);
    }
}
