using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Tests.Support;

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
