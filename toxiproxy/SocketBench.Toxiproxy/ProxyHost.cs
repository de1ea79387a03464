using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy;

/// <summary>What proxies share with their server: time, log, the seeded random source and the byte totals.</summary>
internal sealed class ProxyHost
{
    private readonly Random random;

    /// <summary>Creates the host; a null seed means seeded from the clock.</summary>
    public ProxyHost(TimeProvider time, ToxiproxyLog log, long? seed)
    {
        Time = time;
        Log = log;
        random = seed is { } s ? new Random(unchecked((int)(s ^ (s >> 32)))) : new Random();
    }

    /// <summary>Time source.</summary>
    public TimeProvider Time { get; }

    /// <summary>Logger.</summary>
    public ToxiproxyLog Log { get; }

    /// <summary>Byte counters of every proxy, kept after links end and proxies are deleted (for <c>/metrics</c>).</summary>
    public TrafficTotals Traffic { get; } = new();

    /// <summary>Draws a seed for a connection's random source.</summary>
    public int NextSeed()
    {
        lock (random)
        {
            return random.Next();
        }
    }
}
