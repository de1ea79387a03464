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
    /// <param name="client">The accepted connection.</param>
    /// <param name="shuttingDown">A shutdown was requested before or while this client was served.</param>
    /// <param name="cut">Why the server closed the connection itself, if it did (read after the receives end).</param>
    public void Serve(Socket client, bool shuttingDown, ClientCut cut)
    {
        var started = time.GetTimestamp();
        var peer = DescribePeer(client);
        var (bytes, error) = ProcessReceives(client);
        stdout.Flush();
        var outcome = cut.Reason ?? error switch
        {
            SocketError.Success => "eof",
            SocketError.TimedOut when options.IdleTimeout is not null => "idle-timeout",
            _ when shuttingDown => ServerConstants.ShutdownOutcome,
            _ => error.ToString(),
        };
        if (outcome == ServerConstants.ClientTimeoutOutcome)
        {
            Diagnostics.Line($"client {peer}: client timeout of {options.ClientTimeout?.TotalSeconds:0.###} s reached after {bytes} bytes; closed, bytes so far are on stdout");
        }
        else if (error != SocketError.Success)
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

/// <summary>
/// Why the server closed the client in progress itself (a timer or the shutdown sets it, the
/// session reads it once its receives end). One instance, cleared for each client.
/// </summary>
internal sealed class ClientCut
{
    private volatile string? _reason;

    public string? Reason => _reason;

    /// <summary>Records the first reason only.</summary>
    public void Set(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);

    public void Clear() => _reason = null;
}
