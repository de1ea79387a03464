namespace SocketBench.Delivery;

/// <summary>Why the reading after the half-close stopped (input to <see cref="DeliveryConfirmation.Judge"/>).</summary>
public enum WaitEnd
{
    /// <summary>The server closed (a receive returned 0).</summary>
    Closed,

    /// <summary>The wait's bound passed first.</summary>
    TimedOut,

    /// <summary>A receive failed (reset, abort, another error).</summary>
    Error,

    /// <summary>With a receipt expected, <see cref="Receipt.MaxRead"/> bytes arrived before the close.</summary>
    Full,
}
