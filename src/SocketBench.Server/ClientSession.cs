using System.Net.Sockets;
using System.Security.Cryptography;

namespace SocketBench.Server;

/// <summary>
/// Serves one client in the sequential server: receives into a fixed buffer until EOF, writes
/// every chunk to stdout as received, flushes, sends the receipt (with <c>--receipt</c>, hashed as
/// the bytes stream), and only then lets the connection close (DESIGN.md sections 2 and 3a).
/// Errors tied to this client are logged as one line and end only this session.
/// </summary>
internal sealed class ClientSession(ServerOptions options, StdoutSink stdout, byte[] buffer, TimeProvider time) : IDisposable
{
    private readonly IncrementalHash? _hash = options.Receipt ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>Serves <paramref name="client"/> to its end; throws only <see cref="StdoutFailedException"/>.</summary>
    /// <param name="client">The accepted connection.</param>
    /// <param name="shuttingDown">A shutdown was requested before or while this client was served.</param>
    /// <param name="cut">Why the server closed the connection itself, if it did (read after the receives end).</param>
    public void Serve(Socket client, bool shuttingDown, ClientCut cut)
    {
        var started = time.GetTimestamp();
        var peer = ClientReceiver.DescribePeer(client);
        var (bytes, error) = ClientReceiver.ProcessReceives(client, buffer, stdout, _hash);
        stdout.Flush();
        var outcome = ClientReceiver.Outcome(options, error, cut.Reason, shuttingDown);
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

        if (_hash is not null)
        {
            if (outcome == ServerConstants.EofOutcome)
            {
                ClientReceiver.SendReceipt(client, bytes, _hash, options.Verbose, peer);
            }
            else
            {
                _ = _hash.GetHashAndReset();
            }
        }
    }

    public void Dispose() => _hash?.Dispose();
}
