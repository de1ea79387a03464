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

    /// <summary>
    /// A free loopback port below the kernel's ephemeral range (net.ipv4.ip_local_port_range), which
    /// no outgoing connection will take as its source port: for a listener that must give its port
    /// up for a while and bind it again (a proxy disabled and enabled).
    /// </summary>
    public static int OutsideEphemeralRange()
    {
        var low = EphemeralLow();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(10_000, Math.Max(10_001, low));
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free port between 10000 and {low}");
    }

    private static int EphemeralLow()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
