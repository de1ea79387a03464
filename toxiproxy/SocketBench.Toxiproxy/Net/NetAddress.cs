using System.Net;
using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Net;

/// <summary>
/// Go-compatible <c>host:port</c> handling: split, resolve, bind and format exactly as Toxiproxy's
/// listener reports addresses (<c>localhost:0</c> → <c>127.0.0.1:P</c>, <c>:0</c> → <c>[::]:P</c>).
/// </summary>
internal static class NetAddress
{
    /// <summary>Splits <c>host:port</c> like Go's <c>net.SplitHostPort</c>; returns a Go error text on failure.</summary>
    public static bool TrySplit(string address, out string host, out string port, out string? error)
    {
        host = port = string.Empty;
        error = null;
        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"address {address}: missing port in address";
            return false;
        }

        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"address {address}: missing ']' in address";
                return false;
            }

            if (close + 1 != colon)
            {
                error = close + 1 == address.Length
                    ? $"address {address}: missing port in address"
                    : $"address {address}: too many colons in address";
                return false;
            }

            host = address[1..close];
        }
        else
        {
            host = address[..colon];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = $"address {address}: too many colons in address";
                return false;
            }
        }

        port = address[(colon + 1)..];
        return true;
    }

    /// <summary>
    /// Resolves a listen address to an endpoint (Go's <c>ResolveTCPAddr</c>). Errors carry Go's text
    /// without the <c>listen tcp:</c> prefix.
    /// </summary>
    public static IPEndPoint Resolve(string address)
    {
        if (address.Length == 0)
        {
            address = ":0";
        }

        if (!TrySplit(address, out var host, out var portText, out var error))
        {
            throw new AddressException(error!);
        }

        var port = ParsePort(portText);
        return new IPEndPoint(ResolveHost(host), port);
    }

    /// <summary>Resolves, then returns Go's string form (<c>localhost:0</c> → <c>127.0.0.1:0</c>).</summary>
    public static string ResolveToString(string address) => Format(Resolve(address));

    /// <summary>Binds and listens; errors carry Go's <c>listen tcp ...</c> text.</summary>
    public static Socket Listen(string address, int backlog)
    {
        IPEndPoint endPoint;
        try
        {
            endPoint = Resolve(address);
        }
        catch (AddressException e)
        {
            throw new AddressException("listen tcp: " + e.Message);
        }

        return Listen(endPoint, backlog);
    }

    /// <summary>Binds and listens on a resolved endpoint; errors carry Go's <c>listen tcp ...</c> text.</summary>
    public static Socket Listen(IPEndPoint endPoint, int backlog)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            EnableAddressReuse(socket);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new AddressException($"listen tcp {Format(endPoint)}: bind: {Describe(e.SocketErrorCode)}");
        }
    }

    /// <summary>
    /// Sets plain SO_REUSEADDR as Go does (rebinding over TIME_WAIT works, a second listener still fails).
    /// .NET's ReuseAddress option also sets SO_REUSEPORT on Unix, which would let two proxies share a port.
    /// </summary>
    private static void EnableAddressReuse(Socket socket)
    {
        const int SolSocket = 1;
        const int SoReuseAddr = 2;
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
    }

    /// <summary>Formats an endpoint as Go does: <c>a.b.c.d:p</c> or <c>[v6]:p</c>.</summary>
    public static string Format(IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{address}]:{endPoint.Port}"
            : $"{address}:{endPoint.Port}";
    }

    /// <summary>Parses an upstream address for dialing; null with an error when it has no usable port.</summary>
    public static EndPoint? ParseDialTarget(string address)
    {
        if (!TrySplit(address, out var host, out var portText, out _)
            || !int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }

        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    private static int ParsePort(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            throw new AddressException($"lookup tcp/{text}: unknown port");
        }

        return port is < 0 or > 65535 ? throw new AddressException($"address {text}: invalid port") : port;
    }

    /// <summary>
    /// How a host name (not an address literal, not <c>localhost</c>) becomes addresses: the system's
    /// resolver. A test seam: ApiLockingTests holds one lookup open to prove no API lock waits on it.
    /// </summary>
    internal static Func<string, IPAddress[]> LookupHost { get; set; } = Dns.GetHostAddresses;

    private static IPAddress ResolveHost(string host)
    {
        if (host.Length == 0 || host == "0.0.0.0" || host == "::")
        {
            return IPAddress.IPv6Any;
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        IPAddress[] addresses;
        try
        {
            addresses = LookupHost(host);
        }
        catch (SocketException)
        {
            throw new AddressException($"lookup {host}: no such host");
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new AddressException($"lookup {host}: no such host");
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable => "cannot assign requested address",
        SocketError.AccessDenied => "permission denied",
        _ => error.ToString(),
    };
}
