using System.Net;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// Where a proxy forwards to (<c>host:port</c>). Converts implicitly from a string because every proxy
/// has one; <see cref="ListenAddress"/> never does, so Go's <c>CreateProxy(name, listen, upstream)</c>
/// order cannot compile against <see cref="ToxiproxyClient.CreateProxyAsync"/>.
/// </summary>
/// <param name="Address">The upstream <c>host:port</c>, sent as given (the server resolves it per connection).</param>
public readonly record struct UpstreamAddress(string Address)
{
    /// <summary>The upstream at <paramref name="endPoint"/> (<c>[::1]:6379</c> for IPv6).</summary>
    public UpstreamAddress(IPEndPoint endPoint)
        : this(Format(endPoint))
    {
    }

    /// <summary>An upstream from its <c>host:port</c> string.</summary>
    public static implicit operator UpstreamAddress(string address) => new(address);

    /// <summary>An upstream from its <c>host:port</c> string.</summary>
    public static UpstreamAddress FromString(string address) => new(address);

    /// <inheritdoc />
    public override string ToString() => Address ?? string.Empty;

    internal string Require() => ProxyAddressText.Require(Address, "upstream");

    internal static string Format(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return endPoint.ToString();
    }
}

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

/// <summary>Checks shared by both address kinds.</summary>
internal static class ProxyAddressText
{
    public static string Require(string? address, string what) =>
        string.IsNullOrWhiteSpace(address) ? throw new ArgumentException($"{what} address is empty", what) : address;
}
