namespace SocketBench.Grade.Checks;

/// <summary>Outcome classes of a faulty run (DESIGN.md section 6).</summary>
internal enum FaultOutcome
{
    /// <summary>Every byte arrived; the client exited 0.</summary>
    Delivered,

    /// <summary>The client noticed and exited non-zero; what arrived is a prefix.</summary>
    DetectedFailure,

    /// <summary>The client exited 0, but only a prefix arrived: what a fire-and-forget protocol cannot notice.</summary>
    UndetectableLoss,

    /// <summary>Garbage arrived, or the client hung or died by a signal.</summary>
    Broken,
}
