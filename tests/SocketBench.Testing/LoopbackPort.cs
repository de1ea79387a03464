using System.Net;
using System.Net.Sockets;

namespace SocketBench.Testing;

/// <summary>Free loopback ports from the OS (bind to 0, read back the port).</summary>
public static class LoopbackPort
{
    /// <summary>A port the OS just handed out and that nothing listens on now.</summary>
    public static int GetFree()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
