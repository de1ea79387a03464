using System.Net.Sockets;

namespace SocketBench.Toxiproxy.Net;

/// <summary>
/// A close that does not turn into a reset: FIN first, then read and drop what the peer still sends
/// until its own FIN (bounded in bytes and time), and only then close.
/// Linux answers a close over unread bytes, or bytes that arrive after it, with an RST: the peer's
/// sends fail and what it has not read yet is destroyed. The API drains after a refusal, so the
/// peer reads the answer; the proxy drains when a toxic or a failure closes a whole connection, so
/// each peer sees the close as a clean end (DESIGN.md: "then closes cleanly").
/// </summary>
internal static class LingeringClose
{
    /// <summary>Where drained bytes go: shared by every drain, its content is never read.</summary>
    private static readonly byte[] Discard = new byte[16 * 1024];

    /// <summary>
    /// Shuts <paramref name="socket"/> down for sending, then drops what arrives until the peer's FIN,
    /// <paramref name="maxBytes"/>, <paramref name="limit"/> or <paramref name="stop"/>, whichever is
    /// first. Never throws for a failing or closed socket; the caller closes it afterwards.
    /// </summary>
    public static async Task DrainAsync(Socket socket, long maxBytes, TimeSpan limit, TimeProvider time, CancellationToken stop)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var deadline = new CancellationTokenSource(limit, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
            long dropped = 0;
            while (dropped < maxBytes)
            {
                var n = await socket.ReceiveAsync(Discard, SocketFlags.None, either.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                dropped += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // best effort: the caller closes the socket either way
        }
    }
}
