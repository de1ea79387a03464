using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SocketBench.Load.Clients;
using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>A client that connects, sends half a message and holds the sequential server until released.</summary>
internal sealed class SlowClient(IPEndPoint endPoint, MessageLedger ledger, long id, int bodyLength) : IDisposable
{
    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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
        _hash.AppendData(_buffer, header, bodyLength);
        ledger.Sent(id, MessageFrame.Fingerprint(_hash), bodyLength);
        MessageFrame.WriteTrailer(_buffer.AsSpan(header + bodyLength));
        _split = header + (bodyLength / 2);
        _length = header + bodyLength + MessageFrame.TrailerLength;
        await _socket.SendAsync(_buffer.AsMemory(0, _split), SocketFlags.None, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Sends the rest, half-closes and waits (bounded) for the server's close.</summary>
    public async Task<bool> FinishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await _socket.SendAsync(_buffer.AsMemory(_split, _length - _split), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
            var drain = new byte[64];
            for (var i = 0; i < 100; i++)
            {
                if (await _socket.ReceiveAsync(drain, SocketFlags.None, timeout.Token).ConfigureAwait(false) == 0)
                {
                    ledger.Finish(id, MessageLedger.Outcome.Confirmed);
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
        }

        ledger.Finish(id, MessageLedger.Outcome.FailedAfterSend);
        return false;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _hash.Dispose();
    }
}
