using System.Collections.Concurrent;
using SocketBench.Toxiproxy.Stream;

namespace SocketBench.Toxiproxy;

/// <summary>
/// Per-proxy byte totals that outlive links and proxies (Toxiproxy's counters live in a Prometheus
/// registry, so a deleted proxy's counts stay): each connection adds its links' counts when it ends.
/// <code>
///   connection ends ──Add──▶ totals[proxy, listener, upstream, direction]
///   /metrics ──Snapshot(live proxies)──▶ totals + bytes of links still running
/// </code>
/// </summary>
internal sealed class TrafficTotals
{
    private readonly ConcurrentDictionary<TrafficKey, Counter> finished = new();

    /// <summary>Adds what a finished link moved.</summary>
    public void Add(TrafficKey key, long received, long sent)
    {
        var counter = finished.GetOrAdd(key, static _ => new Counter());
        Interlocked.Add(ref counter.Received, received);
        Interlocked.Add(ref counter.Sent, sent);
    }

    /// <summary>Bytes of finished links under <paramref name="key"/>.</summary>
    public (long Received, long Sent) Finished(TrafficKey key) =>
        finished.TryGetValue(key, out var c) ? (Interlocked.Read(ref c.Received), Interlocked.Read(ref c.Sent)) : (0, 0);

    /// <summary>
    /// Every counter ever seen (deleted proxies included), with the bytes of <paramref name="live"/>
    /// proxies' running links added, sorted by proxy, listener, upstream and direction.
    /// </summary>
    public IReadOnlyList<TrafficRow> Snapshot(IEnumerable<Proxy> live)
    {
        var rows = new Dictionary<TrafficKey, TrafficRow>();
        foreach (var (key, c) in finished)
        {
            rows[key] = new TrafficRow(key, Interlocked.Read(ref c.Received), Interlocked.Read(ref c.Sent));
        }

        foreach (var proxy in live)
        {
            foreach (var direction in (ReadOnlySpan<Direction>)[Direction.Downstream, Direction.Upstream])
            {
                var key = proxy.Key(direction);
                var (received, sent) = proxy.Bytes(direction);
                rows[key] = new TrafficRow(key, received, sent);
            }
        }

        return [.. rows.Values.OrderBy(r => r.Key.Proxy, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Listener, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Upstream, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Direction)];
    }

    private sealed class Counter
    {
        public long Received;
        public long Sent;
    }
}
