using System.Net;
using System.Net.Sockets;
using SocketBench.Grade.Evidence;

namespace SocketBench.Grade.Running;

/// <summary>
/// An in-process server of ours for one client: it can read slowly through a small receive
/// buffer (so the client's socket buffer fills and its sends come back short), or reset the
/// connection after some bytes. What it received goes to a matcher.
/// </summary>
internal sealed class SlowReceiver : IDisposable
{
    private readonly Socket _listener;

    public SlowReceiver(int receiveBufferBytes)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.ReceiveBufferSize = receiveBufferBytes;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Bytes read between pauses when throttled.</summary>
    public const int PauseEvery = 32 * 1024;

    /// <summary>Accepts one client and reads it to EOF into <paramref name="matcher"/>, pausing <paramref name="pause"/> after every <see cref="PauseEvery"/> bytes (or, past <paramref name="resetAfter"/> bytes, resets); then closes.</summary>
    public async Task<long> ServeAsync(OutputMatcher matcher, TimeSpan pause, long? resetAfter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        using var client = await _listener.AcceptAsync(ct).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        long total = 0;
        long sincePause = 0;
        try
        {
            int n;
            while ((n = await client.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false)) > 0)
            {
                matcher.Append(buffer.AsSpan(0, n));
                total += n;
                if (resetAfter is { } limit && total >= limit)
                {
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    return total;
                }

                sincePause += n;
                if (pause > TimeSpan.Zero && sincePause >= PauseEvery)
                {
                    sincePause = 0;
                    // Throttling, not waiting: the pause is what keeps the client's buffer full.
                    await Task.Delay(pause, ct).ConfigureAwait(false);
                }
            }

            client.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The client went away: what arrived is in the matcher.
        }

        return total;
    }

    public void Dispose() => _listener.Dispose();
}
