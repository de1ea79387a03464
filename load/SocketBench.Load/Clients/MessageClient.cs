using System.Net;
using System.Net.Sockets;
using System.IO.Hashing;
using SocketBench.Delivery;
using SocketBench.Load.Target;

namespace SocketBench.Load.Clients;

/// <summary>
/// One in-process load client (one per scenario copy, reused for each message): connect, send a
/// <see cref="MessageFrame"/>, then the shared <see cref="DeliveryConfirmation"/> of SocketBench.Core:
/// half-close, bounded wait for the server's close (how the protocol confirms delivery), reset
/// classified by <see cref="SocketErrorClassifier"/>. Not waiting would overflow the accept queue and
/// measure the 1 s SYN retransmit instead of the server. Outcomes become status codes, and the
/// client's outcome goes to the <see cref="MessageLedger"/> for the exactly-once check.
/// </summary>
internal sealed partial class MessageClient : IDisposable
{
    private readonly MessageLedger _ledger;
    private readonly IPEndPoint _endPoint;
    private readonly ClientSettings _settings;
    private readonly TimeProvider _time;
    private readonly byte[] _buffer;
    private readonly DeliveryConfirmation _confirmation;
    private readonly XxHash3 _hash = new();
    private readonly ReusableTimeout _bound;
    private readonly RawSocket? _raw;
    private long _sentBytes;

    public MessageClient(MessageLedger ledger, IPEndPoint endPoint, ClientSettings settings, TimeProvider time)
    {
        _ledger = ledger;
        _endPoint = endPoint;
        _settings = settings;
        _time = time;
        _buffer = new byte[settings.ChunkSize + MessageFrame.MaxHeader + MessageFrame.TrailerLength];
        _confirmation = new DeliveryConfirmation(settings.CloseTimeout, expectReceipt: false, time);
        _bound = new ReusableTimeout(time);
        _raw = settings.Blocking ? new RawSocket(endPoint) : null;
    }

    public Socket NewSocket() => new(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <summary>Connects, sends message <paramref name="id"/> with a body of <paramref name="bodyLength"/> bytes, waits for the close.</summary>
    public ValueTask<Response> SendMessageAsync(long id, long bodyLength, CancellationToken cancellationToken) =>
        _settings.Blocking && _settings.Hold <= TimeSpan.Zero
            ? ValueTask.FromResult(SendMessageBlocking(id, bodyLength, cancellationToken))
            : SendMessageAsyncCore(id, bodyLength, cancellationToken);

    private async ValueTask<Response> SendMessageAsyncCore(long id, long bodyLength, CancellationToken cancellationToken)
    {
        using var socket = NewSocket();
        var failure = await ConnectAsync(socket, _settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            _ledger.Finish(id, MessageLedger.Outcome.FailedBeforeSend);
            return Response.Fail(failure);
        }

        return await DeliverAsync(socket, id, bodyLength, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects within <paramref name="timeout"/>; returns null or a failure status code.</summary>
    public async ValueTask<string?> ConnectAsync(Socket socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var token = _bound.Arm(timeout, cancellationToken);
        try
        {
            await socket.ConnectAsync(_endPoint, token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StatusCodes.ConnectTimeout;
        }
        catch (SocketException ex)
        {
            return ConnectFailure(ex.SocketErrorCode);
        }
        finally
        {
            _bound.Disarm();
        }
    }

    /// <summary>Sends the message on a connected socket, half-closes, waits for the server's close.</summary>
    public async ValueTask<Response> DeliverAsync(Socket socket, long id, long bodyLength, CancellationToken cancellationToken)
    {
        _sentBytes = 0;
        long frame;
        try
        {
            frame = await SendFrameAsync(socket, id, bodyLength, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Abort(socket);
            _ = MessageFrame.Fingerprint(_hash);
            _ledger.Finish(id, _sentBytes == 0 ? MessageLedger.Outcome.FailedBeforeSend : MessageLedger.Outcome.FailedPartial);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            return Response.Fail(Classify(((SocketException)ex).SocketErrorCode, "send_"), sizeBytes: _sentBytes);
        }

        var delivery = await _confirmation.ConfirmAsync(socket, frame, ReadOnlyMemory<byte>.Empty, _bound, cancellationToken).ConfigureAwait(false);
        if (delivery.Outcome == DeliveryOutcome.HalfCloseFailed)
        {
            Abort(socket);
        }

        return Finish(id, frame, delivery);
    }

    public void Dispose()
    {
        _bound.Dispose();
    }

    /// <summary>"send_reset" / "close_reset" for a reset in that phase (<see cref="SocketErrorClassifier.IsReset"/>), else the phase and the socket error's name.</summary>
    private static string Classify(SocketError error, string prefix) =>
        prefix + (SocketErrorClassifier.IsReset(error) ? StatusCodes.Reset : SocketErrorName(error));

    /// <summary>The status of a wait that followed a clean send: null when confirmed.</summary>
    private static string? CloseStatus(DeliveryResult delivery) => delivery.Outcome switch
    {
        DeliveryOutcome.Confirmed => null,
        DeliveryOutcome.TimedOut => StatusCodes.CloseTimeout,
        _ => Classify(delivery.Error, "close_"),
    };

    /// <summary>Records what the confirmation found in the ledger and as the iteration's response.</summary>
    private Response Finish(long id, long frame, DeliveryResult delivery)
    {
        if (delivery.Outcome == DeliveryOutcome.HalfCloseFailed)
        {
            // The connection was gone before the FIN: as a failed send, the message may be cut short (the caller resets it).
            _ledger.Finish(id, MessageLedger.Outcome.FailedPartial);
            return Response.Fail(Classify(delivery.Error, "send_"), sizeBytes: frame);
        }

        var status = CloseStatus(delivery);
        _ledger.Finish(id, status is null ? MessageLedger.Outcome.Confirmed : MessageLedger.Outcome.FailedAfterSend);
        return status is null ? Response.Ok(sizeBytes: frame) : Response.Fail(status, sizeBytes: frame);
    }

    private static string SocketErrorName(SocketError error) => error.ToString().ToLowerInvariant();

    private static string ConnectFailure(SocketError error) =>
        error == SocketError.ConnectionRefused ? StatusCodes.Refused : "connect_" + SocketErrorName(error);

    /// <summary>A reset tells the server the message is incomplete (a FIN would pass a prefix off as whole).</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>
    /// Sends header, body (generated and fingerprinted chunk by chunk: constant memory) and trailer.
    /// With a hold, the first half goes out, then the client pauses, then the rest. Counts bytes
    /// handed to the socket in <see cref="_sentBytes"/>.
    /// </summary>
    private async ValueTask<long> SendFrameAsync(Socket socket, long id, long bodyLength, CancellationToken token)
    {
        var state = MessageFrame.Seed(id);
        var header = MessageFrame.WriteHeader(_buffer, id, bodyLength);
        var fill = header;
        var body = 0L;
        var held = _settings.Hold <= TimeSpan.Zero;
        var holdAt = bodyLength / 2;
        for (var chunks = 0L; chunks <= (bodyLength / _settings.ChunkSize) + 2; chunks++)
        {
            fill = FillChunk(id, bodyLength, held ? bodyLength : holdAt, fill, ref state, ref body);
            var complete = body == bodyLength;
            await SendAllAsync(socket, _buffer.AsMemory(0, fill), token).ConfigureAwait(false);
            _sentBytes += fill;
            fill = 0;
            if (!held && body == holdAt)
            {
                await Task.Delay(_settings.Hold, _time, token).ConfigureAwait(false);
                held = true;
            }

            if (complete)
            {
                return header + bodyLength + MessageFrame.TrailerLength;
            }
        }

        throw new InvalidOperationException("frame loop exceeded its chunk bound");
    }

    /// <summary>
    /// Puts the next body bytes (up to <paramref name="limit"/>, at most one chunk) into the buffer
    /// after <paramref name="fill"/> bytes already there, and the trailer once the body is complete
    /// (then the message's fingerprint goes to the ledger). Returns the bytes now in the buffer.
    /// </summary>
    private int FillChunk(long id, long bodyLength, long limit, int fill, ref ulong state, ref long body)
    {
        var take = (int)Math.Min(limit - body, _settings.ChunkSize);
        MessageFrame.FillBody(_buffer.AsSpan(fill, take), ref state);
        _hash.Append(_buffer.AsSpan(fill, take));
        body += take;
        fill += take;
        if (body == bodyLength)
        {
            MessageFrame.WriteTrailer(_buffer.AsSpan(fill));
            fill += MessageFrame.TrailerLength;
            _ledger.Sent(id, MessageFrame.Fingerprint(_hash), bodyLength);
        }

        return fill;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        while (!data.IsEmpty)
        {
            var n = await socket.SendAsync(data, SocketFlags.None, token).ConfigureAwait(false);
            data = data[n..];
        }
    }
}
