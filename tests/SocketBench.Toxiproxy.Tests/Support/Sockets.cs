using System.Net;
using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Socket helpers for tests.</summary>
internal static class Sockets
{
    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>True when a connect to the loopback port succeeds, false when it is refused.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var s = await ConnectAsync(port);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    public static async Task<Socket> ConnectAsync(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return s;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (fails on EOF).</summary>
    public static async Task<byte[]> ReadExactlyAsync(this Socket s, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await s.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
            if (n == 0)
            {
                throw new EndOfStreamException($"EOF after {read} of {count} bytes");
            }

            read += n;
        }

        return buffer;
    }

    /// <summary>Reads until EOF and returns everything.</summary>
    public static async Task<byte[]> ReadToEndAsync(this Socket s)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await s.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                return all.ToArray();
            }

            all.Write(buffer, 0, n);
        }
    }

    /// <summary>Counts read() calls until EOF; returns (bytes, reads).</summary>
    public static async Task<(byte[] Bytes, int Reads)> ReadAllCountingAsync(this Socket s)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var reads = 0;
        while (true)
        {
            var n = await s.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                return (all.ToArray(), reads);
            }

            reads++;
            all.Write(buffer, 0, n);
        }
    }

    public static byte[] RandomBytes(int count, int seed = 1)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
