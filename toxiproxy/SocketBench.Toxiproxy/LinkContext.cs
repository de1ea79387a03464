using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy;

/// <summary>
/// What every part of one connection's data path shares, handed down once (connection → links → stubs):
/// the clock, the log and the connection's seeded random source.
/// </summary>
internal sealed class LinkContext
{
    private readonly Lock gate = new();
    private readonly int seed;
    private Random? random;

    /// <summary>Creates the context of one connection; <paramref name="seed"/> comes from the server seed.</summary>
    public LinkContext(TimeProvider time, ToxiproxyLog log, int seed)
    {
        Time = time;
        Log = log;
        this.seed = seed;
    }

    /// <summary>Time source for delays and chunk timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>Logger.</summary>
    public ToxiproxyLog Log { get; }

    /// <summary>Draws a seed for one stub's random source (toxicity rolls, jitter, slicing).</summary>
    public int NextSeed()
    {
        lock (gate)
        {
            // Created on first use: a connection without toxics never needs it.
            random ??= new Random(seed);
            return random.Next();
        }
    }
}
