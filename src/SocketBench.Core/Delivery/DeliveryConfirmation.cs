using System.Buffers;
using System.Net.Sockets;

namespace SocketBench.Delivery;

/// <summary>
/// The part of sending a message after its last byte, written once (issue 12): half-close, wait
/// a bounded time for the server's close (or its receipt, DESIGN.md section 3a), and classify how
/// the wait ended into a <see cref="DeliveryResult"/>. The spec's protocol confirms delivery by
/// the server's close alone (it closes only after flushing stdout); a receipt also says how many
/// bytes reached stdout and their SHA-256.
/// </summary>
/// <remarks>
/// <para>Two paths with the same rules: <see cref="Confirm"/> runs on the calling thread with
/// poll and non-blocking receives (no tasks, timers or thread pool: the C# client's main thread);
/// <see cref="ConfirmAsync(Socket, long, ReadOnlyMemory{byte}, ReusableTimeout, CancellationToken)"/> awaits
/// receives under a cancellation bound the caller may reuse wait after wait (the load runner).</para>
/// <para>Usage: connect, send every byte (hashing them with SHA-256 when a receipt is expected),
/// then <c>var result = confirmation.Confirm(socket, sent, sha256)</c>; fail when
/// <see cref="DeliveryResult.IsFailure"/>, printing <see cref="DeliveryResult.Describe"/>. The
/// caller still owns and disposes the socket.</para>
/// <para>Without a receipt, bytes the server sends are read and ignored until it closes (the
/// spec's server sends none). With one, at most <see cref="Receipt.MaxRead"/> bytes are read.
/// Socket errors are classified by <see cref="SocketErrorClassifier.IsReset"/>. An instance holds
/// only settings: it is immutable and may be shared between threads.</para>
/// </remarks>
/// <param name="wait">How long to wait for the server's close after the half-close (the client's <c>--drain-timeout</c>).</param>
/// <param name="expectReceipt">Whether the server was asked for a receipt (<c>--receipt</c>).</param>
/// <param name="time">The clock behind <paramref name="wait"/>.</param>
public sealed class DeliveryConfirmation(TimeSpan wait, bool expectReceipt, TimeProvider time)
{
    private const int DiscardSize = 512;
    private static readonly TimeSpan PollSlice = TimeSpan.FromSeconds(1);

    /// <summary>The bound on the wait for the server's close.</summary>
    public TimeSpan Wait => wait;

    /// <summary>Whether a receipt is expected.</summary>
    public bool ExpectReceipt => expectReceipt;

    /// <summary>
    /// Half-closes <paramref name="socket"/> and waits on this thread. The socket may be blocking
    /// or not: a non-blocking one is polled before each receive; a blocking one waits in the receive
    /// itself, bounded by its receive timeout (set here, left set), one system call less per message
    /// than poll and receive (issue 14: the load runner's blocking copies).
    /// </summary>
    /// <param name="socket">The connected socket after the message's last byte was sent.</param>
    /// <param name="sentBytes">How many bytes were sent.</param>
    /// <param name="sentSha256">SHA-256 of those bytes (32 bytes); ignored (may be empty) without a receipt.</param>
    public DeliveryResult Confirm(Socket socket, long sentBytes, ReadOnlySpan<byte> sentSha256)
    {
        if (HalfClose(socket, sentBytes) is { } failed)
        {
            return failed;
        }

        Span<byte> buffer = stackalloc byte[expectReceipt ? Receipt.MaxRead : DiscardSize];
        var received = 0;
        var started = time.GetTimestamp();
        var blocking = socket.Blocking;
        var armed = TimeSpan.Zero;
        while (true)
        {
            var left = wait - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return Judge(WaitEnd.TimedOut, SocketError.TimedOut, buffer[..received], sentBytes, sentSha256);
            }

            // In slices of at most a second: a cancelled caller closes the socket, and the wait notices.
            if (!WaitReadable(socket, left < PollSlice ? left : PollSlice, blocking, ref armed))
            {
                continue;
            }

            var n = socket.Receive(buffer[received..], SocketFlags.None, out var error);
            if (error is SocketError.WouldBlock or SocketError.Interrupted || (blocking && error == SocketError.TimedOut))
            {
                // Not yet (a blocking socket's receive timeout reads as WouldBlock or TimedOut): the next slice.
                continue;
            }

            if (error != SocketError.Success || n == 0)
            {
                return Judge(error == SocketError.Success ? WaitEnd.Closed : WaitEnd.Error, error, buffer[..received], sentBytes, sentSha256);
            }

            received = expectReceipt ? received + n : 0;
            if (received == buffer.Length)
            {
                return Judge(WaitEnd.Full, SocketError.Success, buffer, sentBytes, sentSha256);
            }
        }
    }

    /// <summary>
    /// The same as <see cref="Confirm"/>, awaiting the receives: half-closes, then reads until the
    /// server closes, <see cref="Wait"/> passes, or <paramref name="cancellationToken"/> is cancelled
    /// (then <see cref="OperationCanceledException"/> propagates: the caller stopped, nothing was classified).
    /// A one-shot wait: a caller that confirms message after message passes its own
    /// <see cref="ReusableTimeout"/> to the other overload instead.
    /// </summary>
    /// <param name="socket">The connected socket after the message's last byte was sent.</param>
    /// <param name="sentBytes">How many bytes were sent.</param>
    /// <param name="sentSha256">SHA-256 of those bytes (32 bytes); ignored (may be empty) without a receipt.</param>
    /// <param name="cancellationToken">The caller's own stop (not the wait's bound).</param>
    public async ValueTask<DeliveryResult> ConfirmAsync(Socket socket, long sentBytes, ReadOnlyMemory<byte> sentSha256, CancellationToken cancellationToken)
    {
        using var bound = new ReusableTimeout(time);
        return await ConfirmAsync(socket, sentBytes, sentSha256, bound, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ConfirmAsync(Socket, long, ReadOnlyMemory{byte}, CancellationToken)"/> with the
    /// caller's reusable bound: armed with <see cref="Wait"/> for this wait and disarmed after it,
    /// so a wait allocates no timeout source, linked source or timer (the load runner's hot path).
    /// </summary>
    /// <param name="socket">The connected socket after the message's last byte was sent.</param>
    /// <param name="sentBytes">How many bytes were sent.</param>
    /// <param name="sentSha256">SHA-256 of those bytes (32 bytes); ignored (may be empty) without a receipt.</param>
    /// <param name="bound">The caller's bound, not armed (one wait at a time); it must run on this instance's clock.</param>
    /// <param name="cancellationToken">The caller's own stop (not the wait's bound).</param>
    public async ValueTask<DeliveryResult> ConfirmAsync(Socket socket, long sentBytes, ReadOnlyMemory<byte> sentSha256, ReusableTimeout bound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bound);
        if (HalfClose(socket, sentBytes) is { } failed)
        {
            return failed;
        }

        var size = expectReceipt ? Receipt.MaxRead : DiscardSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var token = bound.Arm(wait, cancellationToken);
        var received = 0;
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(received, size - received), SocketFlags.None, token).ConfigureAwait(false);
                if (n == 0)
                {
                    return Judge(WaitEnd.Closed, SocketError.Success, buffer.AsSpan(0, received), sentBytes, sentSha256.Span);
                }

                received = expectReceipt ? received + n : 0;
                if (received == size)
                {
                    return Judge(WaitEnd.Full, SocketError.Success, buffer.AsSpan(0, size), sentBytes, sentSha256.Span);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Judge(WaitEnd.TimedOut, SocketError.TimedOut, buffer.AsSpan(0, received), sentBytes, sentSha256.Span);
        }
        catch (SocketException e)
        {
            return Judge(WaitEnd.Error, e.SocketErrorCode, buffer.AsSpan(0, received), sentBytes, sentSha256.Span);
        }
        finally
        {
            bound.Disarm();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Classifies how a wait ended, given what arrived: the rules both paths share. Public so a
    /// caller with its own receive loop (and unit tests) can apply the same rules.
    /// </summary>
    /// <param name="end">Why the reading stopped.</param>
    /// <param name="error">The socket error when <paramref name="end"/> is <see cref="WaitEnd.Error"/>.</param>
    /// <param name="received">The bytes received (with a receipt expected; ignored without).</param>
    /// <param name="sentBytes">How many bytes were sent.</param>
    /// <param name="sentSha256">SHA-256 of what was sent.</param>
    public DeliveryResult Judge(WaitEnd end, SocketError error, ReadOnlySpan<byte> received, long sentBytes, ReadOnlySpan<byte> sentSha256)
    {
        var result = new DeliveryResult(DeliveryOutcome.Confirmed, expectReceipt, sentBytes, Wait: wait, Error: end == WaitEnd.Error ? error : SocketError.Success);
        if (!expectReceipt || received.IsEmpty)
        {
            return end switch
            {
                WaitEnd.TimedOut => result with { Outcome = DeliveryOutcome.TimedOut },
                WaitEnd.Error => result with { Outcome = SocketErrorClassifier.IsReset(error) ? DeliveryOutcome.Reset : DeliveryOutcome.Failed },
                _ when expectReceipt => result with { Outcome = DeliveryOutcome.NoReceipt },
                _ => result,
            };
        }

        Span<byte> digest = stackalloc byte[Receipt.HashBytes];
        if (end == WaitEnd.Full || !Receipt.TryParse(received, out var count, digest))
        {
            return result with { Outcome = DeliveryOutcome.Malformed, Quoted = Receipt.Escape(received) };
        }

        result = result with { ReceiptBytes = count };
        return count != sentBytes
            ? result with { Outcome = DeliveryOutcome.CountDiffers }
            : digest.SequenceEqual(sentSha256) ? result : result with { Outcome = DeliveryOutcome.HashDiffers };
    }

    /// <summary>
    /// Whether to receive now: a non-blocking socket is polled for <paramref name="slice"/>; a
    /// blocking one gets <paramref name="slice"/> as its receive timeout (only when it changes: once
    /// per wait that ends within the first slice) and receives at once.
    /// </summary>
    private static bool WaitReadable(Socket socket, TimeSpan slice, bool blocking, ref TimeSpan armed)
    {
        if (!blocking)
        {
            return socket.Poll(slice, SelectMode.SelectRead);
        }

        // Whole milliseconds, at least one (0 would mean no timeout at all).
        var ms = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(slice.TotalMilliseconds)));
        if (ms != armed)
        {
            socket.ReceiveTimeout = (int)ms.TotalMilliseconds;
            armed = ms;
        }

        return true;
    }

    private DeliveryResult? HalfClose(Socket socket, long sentBytes)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            return null;
        }
        catch (SocketException e)
        {
            return new DeliveryResult(DeliveryOutcome.HalfCloseFailed, expectReceipt, sentBytes, Error: e.SocketErrorCode, Wait: wait);
        }
    }
}
