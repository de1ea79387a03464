using System.Net.Sockets;
using SocketBench.Delivery;
using SocketBench.Load.Target;

namespace SocketBench.Load.Clients;

/// <summary>
/// The blocking path of <see cref="MessageClient"/> (<see cref="ClientSettings.Blocking"/>): the same
/// message, ledger entries and status codes as the async path, in blocking calls on the caller's
/// thread, the way a C generator does it (socket, connect, send, shutdown, recv until the close).
/// The socket's SO_SNDTIMEO bounds connect (Linux honours it there) and each send; the close wait is
/// <see cref="DeliveryConfirmation.Confirm"/> (a blocking receive under a receive timeout, in slices
/// of at most a second); cancellation (run stopped, iteration timeout) closes the socket, which
/// unblocks a send at once and the wait at its next slice at the latest.
/// </summary>
internal sealed partial class MessageClient
{
    private Response SendMessageBlocking(long id, long bodyLength, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // No TCP_NODELAY here: the frame goes out in one send followed by the FIN, which pushes it (one syscall less per message).
        using var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SendTimeout = Milliseconds(_settings.ConnectTimeout);
        using var abort = cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket);
        _sentBytes = 0;
        try
        {
            socket.Connect(_endPoint);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ledger.Finish(id, MessageLedger.Outcome.FailedBeforeSend);
            return Response.Fail(ex is SocketException se ? se.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock ? StatusCodes.ConnectTimeout : ConnectFailure(se) : "connect_aborted");
        }

        long frame;
        try
        {
            frame = SendFrameBlocking(socket, id, bodyLength);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Abort(socket);
            _ = MessageFrame.Fingerprint(_hash);
            _ledger.Finish(id, _sentBytes == 0 ? MessageLedger.Outcome.FailedBeforeSend : MessageLedger.Outcome.FailedPartial);
            cancellationToken.ThrowIfCancellationRequested();
            return Response.Fail(ex is SocketException se ? Classify(se.SocketErrorCode, "send_") : "send_aborted", sizeBytes: _sentBytes);
        }

        DeliveryResult delivery;
        try
        {
            delivery = _confirmation.Confirm(socket, frame, ReadOnlySpan<byte>.Empty);
        }
        catch (ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ledger.Finish(id, MessageLedger.Outcome.FailedAfterSend);
            return Response.Fail("close_aborted", sizeBytes: frame);
        }

        return Finish(socket, id, frame, delivery);
    }

    private long SendFrameBlocking(Socket socket, long id, long bodyLength)
    {
        var state = MessageFrame.Seed(id);
        var header = MessageFrame.WriteHeader(_buffer, id, bodyLength);
        var fill = header;
        var body = 0L;
        for (var chunks = 0L; chunks <= (bodyLength / _settings.ChunkSize) + 2; chunks++)
        {
            fill = FillChunk(id, bodyLength, bodyLength, fill, ref state, ref body);
            for (var sent = 0; sent < fill;)
            {
                sent += socket.Send(_buffer, sent, fill - sent, SocketFlags.None);
            }

            _sentBytes += fill;
            fill = 0;
            if (body == bodyLength)
            {
                return header + bodyLength + MessageFrame.TrailerLength;
            }
        }

        throw new InvalidOperationException("frame loop exceeded its chunk bound");
    }

    private static int Milliseconds(TimeSpan t) => (int)Math.Clamp(t.TotalMilliseconds, 1, int.MaxValue);
}
