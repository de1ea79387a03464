using System.Net;
using System.Net.Sockets;

namespace SocketBench.Client;

/// <summary>
/// A blocking connect on the calling thread, bounded by SO_SNDTIMEO (Linux applies it to
/// connect(2)): no socket-engine registration, no thread-pool completion and no exception on
/// success, which an async or a non-blocking connect would cost.
/// </summary>
internal sealed class SocketConnector(int? sendBuffer) : IAddressConnector
{
    public Socket Connect(IPEndPoint endpoint, TimeSpan timeout, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (sendBuffer is { } size)
            {
                socket.SendBufferSize = size;
            }

            socket.SendTimeout = (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
            socket.Connect(endpoint);
            socket.SendTimeout = 0;
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
