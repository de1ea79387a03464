using System.Net;
using System.Net.Sockets;

namespace SocketBench.Client;

/// <summary>Connects one socket to one address within a time limit; a fake stands in for it in unit tests.</summary>
internal interface IAddressConnector
{
    /// <summary>A connected socket, or a <see cref="SocketException"/> (TimedOut when <paramref name="timeout"/> passes).</summary>
    Socket Connect(IPEndPoint endpoint, TimeSpan timeout, CancellationToken ct);
}
