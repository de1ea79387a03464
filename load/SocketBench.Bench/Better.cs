using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

/// <summary>Which side of the threshold is good.</summary>
public enum Better
{
    Higher,
    Lower,
}
