using System.Net;
using System.Net.Sockets;

namespace SocketBench.Client;

/// <summary>Connects one socket to one address within a time limit; a fake stands in for it in unit tests.</summary>
internal interface IAddressConnector
{
    /// <summary>A connected socket, or a <see cref="SocketException"/> (TimedOut when <paramref name="timeout"/> passes).</summary>
    Socket Connect(IPEndPoint endpoint, TimeSpan timeout, CancellationToken ct);
}

/// <summary>
/// One connect attempt (DESIGN.md section 3): resolve HOST (no lookup for an address literal),
/// then try each address in turn with a fresh socket. The attempt's budget is shared: each
/// address gets an equal part of what is left, so an address that black-holes cannot use up the
/// attempt before the next one is tried.
/// </summary>
internal sealed class Connector(IAddressConnector connector, TimeProvider time)
{
    /// <summary>Resolves <paramref name="host"/> and connects within <paramref name="budget"/>; throws the last failure.</summary>
    /// <remarks>Completes synchronously for an address literal: no thread pool, no timer.</remarks>
    public async ValueTask<Socket> ConnectAsync(string host, int port, TimeSpan budget, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return ConnectAny(addresses, port, budget - time.GetElapsedTime(started), ct);
    }

    /// <summary>Tries <paramref name="addresses"/> in order, each with its share of the budget left.</summary>
    public Socket ConnectAny(IReadOnlyList<IPAddress> addresses, int port, TimeSpan budget, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        SocketException? last = null;
        for (var i = 0; i < addresses.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var left = budget - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                return connector.Connect(new IPEndPoint(addresses[i], port), left / (addresses.Count - i), ct);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }

        throw last ?? new SocketException((int)SocketError.TimedOut);
    }
}

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
