using System.Net.Sockets;
using System.Security.Cryptography;
using SocketBench.Delivery;

namespace SocketBench.Server;

/// <summary>
/// What the sequential and the concurrent session share: the receive loop, the outcome of a
/// client's end, and the receipt (DESIGN.md sections 2 and 3a).
/// </summary>
internal static class ClientReceiver
{
    /// <summary>
    /// Receives into <paramref name="buffer"/> until EOF or an error, handing every chunk to
    /// <paramref name="target"/> and, with receipts, to <paramref name="hash"/>. No allocation per chunk.
    /// </summary>
    public static (long Bytes, SocketError Error) ProcessReceives(Socket client, byte[] buffer, IMessageTarget target, IncrementalHash? hash)
    {
        long total = 0;
        while (true)
        {
            var n = client.Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
            if (error != SocketError.Success)
            {
                return (total, error);
            }

            if (n == 0)
            {
                return (total, SocketError.Success);
            }

            target.Append(buffer.AsSpan(0, n));
            hash?.AppendData(buffer, 0, n);
            total += n;
        }
    }

    /// <summary>The verbose line's outcome: the server's own cut first, else what the receives ended with.</summary>
    public static string Outcome(ServerOptions options, SocketError error, string? cut, bool shuttingDown) => cut ?? error switch
    {
        SocketError.Success => ServerConstants.EofOutcome,
        SocketError.TimedOut when options.IdleTimeout is not null => "idle-timeout",
        _ when shuttingDown => ServerConstants.ShutdownOutcome,
        _ => error.ToString(),
    };

    /// <summary>
    /// Sends <c>SBR/1 &lt;bytes&gt; &lt;sha256&gt;\n</c> for the bytes hashed so far and resets
    /// <paramref name="hash"/>. A client that went away is one line under <c>-v</c>, nothing more.
    /// </summary>
    public static void SendReceipt(Socket client, long bytes, IncrementalHash hash, bool verbose, string peer)
    {
        Span<byte> digest = stackalloc byte[Receipt.HashBytes];
        Span<byte> line = stackalloc byte[Receipt.MaxLineLength];
        _ = hash.TryGetHashAndReset(digest, out _);
        var length = Receipt.Format(bytes, digest, line);
        try
        {
            _ = client.Send(line[..length], SocketFlags.None, out var error);
            if (error != SocketError.Success && verbose)
            {
                Diagnostics.Line($"client {peer}: receipt not sent ({error})");
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Makes the coming close an RST (SO_LINGER 0): for a client whose bytes did not reach stdout,
    /// which must not take the server's close for a confirmation.
    /// </summary>
    public static void Abort(Socket client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The peer's address for log lines, or <c>?</c> when the socket no longer knows it.</summary>
    public static string DescribePeer(Socket client)
    {
        try
        {
            return client.RemoteEndPoint?.ToString() ?? "?";
        }
        catch (SocketException)
        {
            return "?";
        }
        catch (ObjectDisposedException)
        {
            return "?";
        }
    }
}
