using System.Net.Sockets;
using SocketBench.Delivery;
using SocketBench.Load.Target;

namespace SocketBench.Load.Clients;

/// <summary>
/// The blocking path of <see cref="MessageClient"/> (<see cref="ClientSettings.Blocking"/>): the same
/// message, ledger entries and status codes as the async path, in blocking calls on the caller's
/// thread on a plain descriptor (<see cref="RawSocket"/>), the way a C generator does it (socket,
/// connect, send, shutdown, recv until the close, close). SO_SNDTIMEO bounds connect and each send,
/// SO_RCVTIMEO the close wait (judged by the shared <see cref="DeliveryConfirmation.Judge"/>);
/// cancellation (run stopped, iteration timeout) shuts the connection down, which wakes whichever
/// call is blocked at once.
/// </summary>
internal sealed partial class MessageClient
{
    private const int DiscardSize = 512;

    private Response SendMessageBlocking(long id, long bodyLength, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var raw = _raw!;
        var reset = false;
        try
        {
            var error = raw.Open(_settings.ConnectTimeout, _settings.CloseTimeout);
            if (error != SocketError.Success)
            {
                _ledger.Finish(id, MessageLedger.Outcome.FailedBeforeSend);
                return Response.Fail("connect_" + SocketErrorName(error));
            }

            // Disposed before the close below, so the abort can never reach a reused descriptor.
            using var abort = cancellationToken.UnsafeRegister(static s => ((RawSocket)s!).Abort(), raw);
            return ConnectAndDeliver(raw, id, bodyLength, cancellationToken, ref reset);
        }
        finally
        {
            raw.Close(reset);
        }
    }

    private Response ConnectAndDeliver(RawSocket raw, long id, long bodyLength, CancellationToken cancellationToken, ref bool reset)
    {
        _sentBytes = 0;
        var error = raw.Connect();
        if (error != SocketError.Success)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ledger.Finish(id, MessageLedger.Outcome.FailedBeforeSend);
            return Response.Fail(raw.Aborted ? "connect_aborted" : error == SocketError.TimedOut ? StatusCodes.ConnectTimeout : ConnectFailure(error));
        }

        error = SendFrameBlocking(raw, id, bodyLength, out var frame);
        if (error != SocketError.Success)
        {
            // A reset tells the server the message is incomplete (a FIN would pass a prefix off as whole).
            reset = true;
            _ = MessageFrame.Fingerprint(_hash);
            _ledger.Finish(id, _sentBytes == 0 ? MessageLedger.Outcome.FailedBeforeSend : MessageLedger.Outcome.FailedPartial);
            cancellationToken.ThrowIfCancellationRequested();
            return Response.Fail(raw.Aborted ? "send_aborted" : Classify(error, "send_"), sizeBytes: _sentBytes);
        }

        var delivery = ConfirmBlocking(raw, frame);
        if (raw.Aborted)
        {
            // The shutdown of a cancellation reads as the server's close: nothing is confirmed.
            _ledger.Finish(id, MessageLedger.Outcome.FailedAfterSend);
            cancellationToken.ThrowIfCancellationRequested();
            return Response.Fail("close_aborted", sizeBytes: frame);
        }

        reset = delivery.Outcome == DeliveryOutcome.HalfCloseFailed;
        return Finish(id, frame, delivery);
    }

    /// <summary>Sends header, body and trailer chunk by chunk; counts whole chunks in <see cref="_sentBytes"/>.</summary>
    private SocketError SendFrameBlocking(RawSocket raw, long id, long bodyLength, out long frame)
    {
        var state = MessageFrame.Seed(id);
        var header = MessageFrame.WriteHeader(_buffer, id, bodyLength);
        var fill = header;
        var body = 0L;
        frame = header + bodyLength + MessageFrame.TrailerLength;
        for (var chunks = 0L; chunks <= (bodyLength / _settings.ChunkSize) + 2; chunks++)
        {
            fill = FillChunk(id, bodyLength, bodyLength, fill, ref state, ref body);
            var error = raw.SendAll(_buffer.AsSpan(0, fill));
            if (error != SocketError.Success)
            {
                return error;
            }

            _sentBytes += fill;
            fill = 0;
            if (body == bodyLength)
            {
                return SocketError.Success;
            }
        }

        throw new InvalidOperationException("frame loop exceeded its chunk bound");
    }

    /// <summary>
    /// Half-closes and reads (discarding) until the server's close, a socket error, or the
    /// confirmation's wait passes (the receive timeout, set at open, re-armed with what is left
    /// when a receive ends early); the end is judged by <see cref="DeliveryConfirmation.Judge"/>.
    /// </summary>
    private DeliveryResult ConfirmBlocking(RawSocket raw, long frame)
    {
        var error = raw.ShutdownSend();
        if (error != SocketError.Success)
        {
            return new DeliveryResult(DeliveryOutcome.HalfCloseFailed, ReceiptExpected: false, frame, Error: error, Wait: _confirmation.Wait);
        }

        // The frame buffer is free once the message is out (no stackalloc to zero per message).
        var discard = _buffer.AsSpan(0, Math.Min(DiscardSize, _buffer.Length));
        var started = _time.GetTimestamp();
        while (true)
        {
            error = raw.Receive(discard, out var n);
            if (error == SocketError.Success && n == 0)
            {
                return _confirmation.Judge(WaitEnd.Closed, SocketError.Success, [], frame, []);
            }

            if (error is not (SocketError.Success or SocketError.TimedOut or SocketError.Interrupted))
            {
                return _confirmation.Judge(WaitEnd.Error, error, [], frame, []);
            }

            var left = _confirmation.Wait - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return _confirmation.Judge(WaitEnd.TimedOut, SocketError.TimedOut, [], frame, []);
            }

            if (error == SocketError.TimedOut)
            {
                _ = raw.SetReceiveTimeout(left);
            }
        }
    }
}
