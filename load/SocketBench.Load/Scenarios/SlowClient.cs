using System.Net;
using System.Net.Sockets;
using System.IO.Hashing;
using SocketBench.Delivery;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>A client that connects, sends half a message and holds the sequential server until released.</summary>
internal sealed class SlowClient(IPEndPoint endPoint, MessageLedger ledger, long id, int bodyLength) : IDisposable
{
    private static readonly TimeSpan FinishWait = TimeSpan.FromSeconds(15);
    private static readonly DeliveryConfirmation Confirmation = new(FinishWait, expectReceipt: false, TimeProvider.System);
    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly XxHash3 _hash = new();
    private readonly byte[] _buffer = new byte[bodyLength + MessageFrame.MaxHeader + MessageFrame.TrailerLength];
    private int _split;
    private int _length;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await _socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
        var header = MessageFrame.WriteHeader(_buffer, id, bodyLength);
        var state = MessageFrame.Seed(id);
        MessageFrame.FillBody(_buffer.AsSpan(header, bodyLength), ref state);
        _hash.Append(_buffer.AsSpan(header, bodyLength));
        ledger.Sent(id, MessageFrame.Fingerprint(_hash), bodyLength);
        MessageFrame.WriteTrailer(_buffer.AsSpan(header + bodyLength));
        _split = header + (bodyLength / 2);
        _length = header + bodyLength + MessageFrame.TrailerLength;
        await _socket.SendAsync(_buffer.AsMemory(0, _split), SocketFlags.None, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Sends the rest, then the shared <see cref="DeliveryConfirmation"/>: half-close and a bounded wait for the server's close.</summary>
    public async Task<bool> FinishAsync(CancellationToken cancellationToken)
    {
        var confirmed = false;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(FinishWait);
                await _socket.SendAsync(_buffer.AsMemory(_split, _length - _split), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }

            var delivery = await Confirmation.ConfirmAsync(_socket, _length, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            confirmed = delivery.Outcome == DeliveryOutcome.Confirmed;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
        }

        ledger.Finish(id, confirmed ? MessageLedger.Outcome.Confirmed : MessageLedger.Outcome.FailedAfterSend);
        return confirmed;
    }

    public void Dispose()
    {
        _socket.Dispose();
    }
}
