using System.Net;
using System.Net.Sockets;

namespace SocketBench.Processes;

/// <summary>Free TCP ports handed out by the OS (bind to 0, read the port back, release it).</summary>
public static class FreePort
{
    /// <summary>A loopback port the OS just handed out and nothing listens on now.</summary>
    public static int Get()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
