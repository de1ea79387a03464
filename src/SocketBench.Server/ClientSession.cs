using System.Net.Sockets;

namespace SocketBench.Server;

/// <summary>
/// Serves one client: receives into a fixed buffer until EOF, writes every chunk to stdout as
/// received, flushes, and only then closes the connection (DESIGN.md section 2). Errors tied to
/// this client are logged as one line and end only this session.
/// </summary>
internal sealed class ClientSession(ServerOptions options, StdoutSink stdout, byte[] buffer, TimeProvider time)
{
    /// <summary>Serves <paramref name="client"/> to its end; throws only <see cref="StdoutFailedException"/>.</summary>
    public void Serve(Socket client, bool shuttingDown)
    {
        var started = time.GetTimestamp();
        var peer = DescribePeer(client);
        var (bytes, error) = ProcessReceives(client);
        stdout.Flush();
        var outcome = error switch
        {
            SocketError.Success => "eof",
            SocketError.TimedOut when options.IdleTimeout is not null => "idle-timeout",
            _ when shuttingDown => "cut-at-shutdown",
            _ => error.ToString(),
        };
        if (error != SocketError.Success)
        {
            Diagnostics.Line($"client {peer}: receive failed ({outcome}) after {bytes} bytes; bytes so far are on stdout");
        }
        else if (options.Verbose)
        {
            var ms = (long)time.GetElapsedTime(started).TotalMilliseconds;
            Diagnostics.Line($"client {peer} bytes={bytes} duration_ms={ms} outcome={outcome}");
        }
    }

    private (long Bytes, SocketError Error) ProcessReceives(Socket client)
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

            stdout.Write(buffer.AsSpan(0, n));
            total += n;
        }
    }

    private static string DescribePeer(Socket client)
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
