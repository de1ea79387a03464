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
