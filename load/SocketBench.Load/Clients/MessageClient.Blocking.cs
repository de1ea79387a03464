using System.Net.Sockets;
using SocketBench.Load.Target;

namespace SocketBench.Load.Clients;

/// <summary>
/// The blocking path of <see cref="MessageClient"/> (<see cref="ClientSettings.Blocking"/>): the same
/// message, ledger entries and status codes as the async path, in blocking calls on the caller's
/// thread, the way a C generator does it (socket, connect, send, shutdown, recv until the close).
/// The socket's SO_SNDTIMEO bounds connect (Linux honours it there) and each send, SO_RCVTIMEO the
/// close wait; cancellation (run stopped, iteration timeout) closes the socket, which unblocks the call.
/// </summary>
internal sealed partial class MessageClient
{
    private Response SendMessageBlocking(long id, long bodyLength, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // No TCP_NODELAY here: the frame goes out in one send followed by the FIN, which pushes it (one syscall less per message).
        using var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SendTimeout = Milliseconds(_settings.ConnectTimeout);
        socket.ReceiveTimeout = Milliseconds(_settings.CloseTimeout);
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
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Abort(socket);
            _ = MessageFrame.Fingerprint(_hash);
            _ledger.Finish(id, _sentBytes == 0 ? MessageLedger.Outcome.FailedBeforeSend : MessageLedger.Outcome.FailedPartial);
            cancellationToken.ThrowIfCancellationRequested();
            return Response.Fail(ex is SocketException se ? Classify(se, "send_") : "send_aborted", sizeBytes: _sentBytes);
        }

        var closed = WaitForCloseBlocking(socket, cancellationToken);
        _ledger.Finish(id, closed is null ? MessageLedger.Outcome.Confirmed : MessageLedger.Outcome.FailedAfterSend);
        return closed is null ? Response.Ok(sizeBytes: frame) : Response.Fail(closed, sizeBytes: frame);
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

    /// <summary>Reads until the server closes (0 bytes); the receive timeout bounds each read. Null or a failure status.</summary>
    private string? WaitForCloseBlocking(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            for (var reads = 0; reads < 1000; reads++)
            {
                if (socket.Receive(_drain, SocketFlags.None) == 0)
                {
                    return null;
                }
            }

            return "unexpected_data";
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ex is SocketException se
                ? se.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock ? StatusCodes.CloseTimeout : Classify(se, "close_")
                : "close_aborted";
        }
    }

    private static int Milliseconds(TimeSpan t) => (int)Math.Clamp(t.TotalMilliseconds, 1, int.MaxValue);
}
