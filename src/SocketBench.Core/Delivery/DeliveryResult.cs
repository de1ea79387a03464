using System.Globalization;
using System.Net.Sockets;

namespace SocketBench.Delivery;

/// <summary>What <see cref="DeliveryConfirmation"/> found after a message's last byte.</summary>
/// <param name="Outcome">How the wait ended.</param>
/// <param name="ReceiptExpected">Whether a receipt was asked for (<c>--receipt</c>).</param>
/// <param name="SentBytes">Bytes the client sent.</param>
/// <param name="ReceiptBytes">The count the receipt named (meaningful for <see cref="DeliveryOutcome.CountDiffers"/>, <see cref="DeliveryOutcome.HashDiffers"/> and <see cref="DeliveryOutcome.Confirmed"/> with a receipt).</param>
/// <param name="Error">The socket error behind <see cref="DeliveryOutcome.Reset"/>, <see cref="DeliveryOutcome.Failed"/> or <see cref="DeliveryOutcome.HalfCloseFailed"/>; else Success.</param>
/// <param name="Wait">The bound the wait had.</param>
/// <param name="Quoted">For <see cref="DeliveryOutcome.Malformed"/>: the first bytes received, escaped (<see cref="Receipt.Escape"/>).</param>
public readonly record struct DeliveryResult(
    DeliveryOutcome Outcome,
    bool ReceiptExpected,
    long SentBytes,
    long ReceiptBytes = 0,
    SocketError Error = SocketError.Success,
    TimeSpan Wait = default,
    string? Quoted = null)
{
    /// <summary>
    /// Whether the client must fail (exit 74). Without receipts only a reset, another socket error
    /// or a failed half-close fails (a timeout after a clean send is exit 0, DESIGN.md section 4);
    /// with receipts everything but <see cref="DeliveryOutcome.Confirmed"/> fails.
    /// </summary>
    public bool IsFailure => ReceiptExpected
        ? Outcome != DeliveryOutcome.Confirmed
        : Outcome is DeliveryOutcome.Reset or DeliveryOutcome.Failed or DeliveryOutcome.HalfCloseFailed;

    /// <summary>The <c>-v</c> stats line's value: <c>ok</c>, <c>none</c> or <c>mismatch</c> (null without receipts).</summary>
    public string? ReceiptStatus => !ReceiptExpected
        ? null
        : Outcome switch
        {
            DeliveryOutcome.Confirmed => "ok",
            DeliveryOutcome.CountDiffers or DeliveryOutcome.HashDiffers or DeliveryOutcome.Malformed => "mismatch",
            _ => "none",
        };

    /// <summary>
    /// The one stderr line (without the program prefix) for a failure, as DESIGN.md sections 3
    /// and 3a word it, e.g. <c>receipt: server wrote 6 of 12 bytes</c>; null when nothing failed.
    /// </summary>
    public string? Describe()
    {
        if (!IsFailure)
        {
            return null;
        }

        var seconds = Wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return Outcome switch
        {
            DeliveryOutcome.HalfCloseFailed => $"half-close failed after {SentBytes} bytes ({Error}); delivery not confirmed",
            DeliveryOutcome.CountDiffers => $"receipt: server wrote {ReceiptBytes} of {SentBytes} bytes",
            DeliveryOutcome.HashDiffers => $"receipt: sha256 differs ({SentBytes} bytes each)",
            DeliveryOutcome.Malformed => $"receipt: malformed: {Quoted}",
            DeliveryOutcome.NoReceipt => "receipt: none (server closed without one)",
            DeliveryOutcome.TimedOut => $"receipt: none (timed out after {seconds} s)",
            DeliveryOutcome.Reset when ReceiptExpected => "receipt: none (reset)",
            DeliveryOutcome.Failed when ReceiptExpected => $"receipt: none ({Error})",
            _ => $"connection {Error} while waiting for the server's close, after {SentBytes} bytes sent; delivery not confirmed",
        };
    }
}
