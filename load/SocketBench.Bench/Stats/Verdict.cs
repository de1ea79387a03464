namespace SocketBench.Bench.Stats;

/// <summary>What a target's interval says: the whole interval on the right side (met), on the wrong side (missed), or across it.</summary>
public enum Verdict
{
    /// <summary>The whole 95% interval is on the target's side.</summary>
    Met,

    /// <summary>The whole 95% interval is on the wrong side.</summary>
    Missed,

    /// <summary>The interval straddles the target: more rounds or a quieter machine are needed to tell.</summary>
    Inconclusive,

    /// <summary>Not measured in this run (a section left out, or a measurement failed).</summary>
    NotMeasured,
}
