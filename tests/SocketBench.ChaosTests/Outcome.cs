namespace SocketBench.ChaosTests;

/// <summary>The outcome classes of issue 5 / DESIGN.md section 6.</summary>
public enum Outcome
{
    /// <summary>Output equals input byte for byte; client exit 0.</summary>
    Delivered,

    /// <summary>Delivered after the client retried through a proxy that came up late (attempts &gt; 1).</summary>
    Recovered,

    /// <summary>Client exit 74 or 75 with one line; output a prefix of the input; the server delivers the next message.</summary>
    DetectedFailure,

    /// <summary>Client exit 0 although output is a strict prefix: what a fire-and-forget protocol cannot notice.</summary>
    UndetectableLoss,

    /// <summary>Anything else: garbage on stdout, a dead server, a wrong exit code. Always a failure.</summary>
    Broken,
}
