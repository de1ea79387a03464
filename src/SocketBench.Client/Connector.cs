using System.Net;
using System.Net.Sockets;

namespace SocketBench.Client;

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
