using System.Net;
using System.Net.Sockets;

namespace SocketBench.Testing;

/// <summary>
/// A client the test drives by hand over a real loopback socket: send part of a message and
/// hold, half-close, read what the server sends until it closes, or reset. Every wait has a deadline.
/// </summary>
public sealed class RawPeer : IDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private RawPeer(Socket socket) => Socket = socket;

    /// <summary>Gets the connected socket.</summary>
    public Socket Socket { get; }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var deadline = new CancellationTokenSource(DefaultDeadline);
            await socket.ConnectAsync(IPAddress.Loopback, port, deadline.Token).ConfigureAwait(false);
            return new RawPeer(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? DefaultDeadline);
        while (!bytes.IsEmpty)
        {
            var n = await Socket.SendAsync(bytes, SocketFlags.None, cts.Token).ConfigureAwait(false);
            bytes = bytes[n..];
        }
    }

    /// <summary>Half-closes, then returns everything the server sends until it closes (null when it did not close within the deadline).</summary>
    public async Task<byte[]?> FinishAsync(TimeSpan? deadline = null)
    {
        Socket.Shutdown(SocketShutdown.Send);
        return await ReadToCloseAsync(deadline).ConfigureAwait(false);
    }

    /// <summary>Everything the server sends until it closes (null when it did not close within the deadline).</summary>
    public async Task<byte[]?> ReadToCloseAsync(TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? DefaultDeadline);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await Socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return received.ToArray();
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Closes with RST (SO_LINGER 0): the server sees a reset, not an EOF.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    public void Dispose() => Socket.Dispose();
}
