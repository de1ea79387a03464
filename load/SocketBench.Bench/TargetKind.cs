using SocketBench.Bench.Stats;

namespace SocketBench.Bench;

/// <summary>How a target compares its samples.</summary>
public enum TargetKind
{
    /// <summary>Subject over Against, round by round (geometric mean of the per-round ratios).</summary>
    Ratio,

    /// <summary>Subject minus Against, round by round (mean of the per-round differences).</summary>
    Difference,

    /// <summary>The subject's own values (mean).</summary>
    Bound,
}
