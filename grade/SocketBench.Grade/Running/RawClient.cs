using System.Net;
using System.Net.Sockets;

namespace SocketBench.Grade.Running;

/// <summary>An in-process TCP client for behaviours our client programs do not have: stalling, resetting, connecting and closing at once.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket;

    private RawClient(Socket socket) => _socket = socket;

    /// <summary>Gets whether the connect completed.</summary>
    public bool Connected => _socket.Connected;

    /// <summary>Connects within <paramref name="deadline"/> (SYN retransmits included).</summary>
    public static async Task<RawClient> ConnectAsync(IPEndPoint server, TimeSpan deadline, CancellationToken ct)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(deadline);
            await socket.ConnectAsync(server, timeout.Token).ConfigureAwait(false);
            return new RawClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends every byte (the send may block while the server is busy with another client).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var n = await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            data = data[n..];
        }
    }

    /// <summary>Ends our side (FIN): the message is complete.</summary>
    public void Finish() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Waits until the server closes the connection (read returns 0 or a reset); false at the deadline.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan deadline, CancellationToken ct) =>
        (await ReadUntilClosedAsync(0, deadline, ct).ConfigureAwait(false)).Closed;

    /// <summary>Reads until the server closes the connection (0 or a reset), keeping the first <paramref name="keep"/> bytes; Closed is false at the deadline.</summary>
    public async Task<(byte[] Received, bool Closed)> ReadUntilClosedAsync(int keep, TimeSpan deadline, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        var buffer = new byte[4096];
        var kept = new MemoryStream();
        try
        {
            int n;
            while ((n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false)) > 0)
            {
                kept.Write(buffer, 0, (int)Math.Min(n, Math.Max(0, keep - kept.Length)));
            }

            return (kept.ToArray(), true);
        }
        catch (SocketException)
        {
            return (kept.ToArray(), true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (kept.ToArray(), false);
        }
    }

    /// <summary>Aborts with a TCP reset (SO_LINGER 0), as a crashed client would.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();
}
