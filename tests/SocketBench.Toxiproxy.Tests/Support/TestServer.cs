using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>A loopback TCP server on an OS-chosen port that hands each accepted socket to a handler.</summary>
internal sealed class TestServer : IDisposable
{
    private readonly Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<Socket> accepted = new();

    private TestServer(Func<Socket, Task> handler)
    {
        listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _ = AcceptLoop(handler);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Sockets accepted so far.</summary>
    public IReadOnlyCollection<Socket> Accepted => accepted;

    /// <summary>Echoes every byte back.</summary>
    public static TestServer Echo() => new(async s =>
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await s.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                s.Shutdown(SocketShutdown.Send);
                return;
            }

            await s.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
        }
    });

    /// <summary>Accepts and does nothing (the test drives the socket via <see cref="NextAsync"/>).</summary>
    public static TestServer Manual() => new(_ => Task.CompletedTask);

    /// <summary>Waits for the next accepted socket.</summary>
    public async Task<Socket> NextAsync(TimeSpan? limit = null)
    {
        Socket? socket = null;
        await Eventually.UntilAsync(() => accepted.TryDequeue(out socket), limit ?? TimeSpan.FromSeconds(5), "upstream accept");
        return socket!;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
    }

    private async Task AcceptLoop(Func<Socket, Task> handler)
    {
        while (true)
        {
            Socket s;
            try
            {
                s = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            s.NoDelay = true;
            accepted.Enqueue(s);
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(s);
                }
                catch (Exception)
                {
                    // connection ended
                }
            });
        }
    }
}

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

/// <summary>Reads a socket until <c>count</c> bytes or EOF, exposing how many arrived so far.</summary>
internal sealed class CountingReader
{
    private long count;

    public CountingReader(Socket socket, int expected) => Task = ReadAsync(socket, expected);

    /// <summary>Bytes read so far.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Everything read, once <c>expected</c> bytes arrived or the socket ended.</summary>
    public Task<byte[]> Task { get; }

    private async Task<byte[]> ReadAsync(Socket socket, int expected)
    {
        var all = new byte[expected];
        var read = 0;
        while (read < expected)
        {
            var n = await socket.ReceiveAsync(all.AsMemory(read), SocketFlags.None);
            if (n == 0)
            {
                break;
            }

            read += n;
            Interlocked.Add(ref count, n);
        }

        return all[..read];
    }
}
