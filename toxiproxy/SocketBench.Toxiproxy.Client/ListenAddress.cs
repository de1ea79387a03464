using System.Net;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// Where a proxy listens (<c>host:port</c>; port 0 lets the server choose). Built explicitly, never
/// from a bare string, so it cannot be swapped with <see cref="UpstreamAddress"/>.
/// </summary>
/// <param name="Address">The listen <c>host:port</c>.</param>
public readonly record struct ListenAddress(string Address)
{
    /// <summary>A free port on 127.0.0.1 chosen by the server (<c>127.0.0.1:0</c>).</summary>
    public static ListenAddress LoopbackAnyPort => new("127.0.0.1:0");

    /// <summary>Listens at <paramref name="endPoint"/>.</summary>
    public ListenAddress(IPEndPoint endPoint)
        : this(UpstreamAddress.Format(endPoint))
    {
    }

    /// <summary>Listens on 127.0.0.1 at <paramref name="port"/> (0: the server chooses).</summary>
    public static ListenAddress Loopback(int port) => new(new IPEndPoint(IPAddress.Loopback, port));

    /// <inheritdoc />
    public override string ToString() => Address ?? string.Empty;

    internal string Require() => ProxyAddressText.Require(Address, "listen");
}
