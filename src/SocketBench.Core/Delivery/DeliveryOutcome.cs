namespace SocketBench.Delivery;

/// <summary>
/// How the wait after a message's last byte ended (DESIGN.md sections 3 and 3a). Produced by
/// <see cref="DeliveryConfirmation"/>; <see cref="DeliveryResult.Describe"/> gives each its one line.
/// </summary>
public enum DeliveryOutcome
{
    /// <summary>The server closed cleanly and, when a receipt was expected, its count and hash equal what was sent.</summary>
    Confirmed,

    /// <summary>Shutting down the write side failed (the connection was already gone): nothing is confirmed.</summary>
    HalfCloseFailed,

    /// <summary>
    /// The wait ran out before the server closed. Without receipts the spec's client still exits 0
    /// (it sent everything cleanly); with receipts this is "none (timed out after S s)".
    /// </summary>
    TimedOut,

    /// <summary>Reset or abort while waiting: delivery not confirmed (with receipts: "none (reset)").</summary>
    Reset,

    /// <summary>Another socket error while waiting (<see cref="DeliveryResult.Error"/> names it).</summary>
    Failed,

    /// <summary>A receipt was expected; the server closed without sending anything.</summary>
    NoReceipt,

    /// <summary>The receipt's byte count differs from the bytes sent: the server wrote a prefix (or more).</summary>
    CountDiffers,

    /// <summary>Same count, different SHA-256: the bytes were changed on the way.</summary>
    HashDiffers,

    /// <summary>Bytes arrived that are not exactly one well-formed receipt line (or more than <see cref="Receipt.MaxRead"/>).</summary>
    Malformed,
}
