using System.Buffers;
using System.Security.Cryptography;

namespace SocketBench.Server;

/// <summary>
/// Serves one client in concurrent mode, on its own thread (DESIGN.md section 3a): spools the
/// bytes until EOF, then writes the whole message to stdout under one lock and flushes, so
/// messages leave in completion order and never interleave; then sends the receipt, if on.
/// A client that errors mid-message gets its prefix written whole and one stderr line; one cut
/// by the shutdown's grace period is discarded and reported.
/// </summary>
internal sealed class SpooledSession(ServerOptions options, StdoutSink stdout, Lock stdoutGate, TimeProvider time)
{
    /// <summary>Serves <paramref name="client"/> to its end; throws only <see cref="StdoutFailedException"/>.</summary>
    public void Serve(ServedClient client)
    {
        var started = time.GetTimestamp();
        var socket = client.Socket;
        var peer = ClientReceiver.DescribePeer(socket);
        var buffer = ArrayPool<byte>.Shared.Rent(ServerConstants.BufferSize);
        using var spool = new Spool(options.SpoolMemory);
        using var hash = options.Receipt ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        try
        {
            var (bytes, error) = ClientReceiver.ProcessReceives(socket, buffer, spool, hash);
            var outcome = ClientReceiver.Outcome(options, error, client.Cut.Reason, shuttingDown: false);
            if (outcome == ServerConstants.ShutdownOutcome)
            {
                Diagnostics.Line($"{peer}: discarded {bytes} bytes (unfinished at shutdown)");
                ClientReceiver.Abort(socket);
                return;
            }

            lock (stdoutGate)
            {
                spool.WriteTo(stdout, buffer);
                stdout.Flush();
            }

            if (outcome != ServerConstants.EofOutcome)
            {
                Diagnostics.Line($"{peer}: {outcome} after {bytes} bytes; prefix written");
                return;
            }

            if (options.Verbose)
            {
                var ms = (long)time.GetElapsedTime(started).TotalMilliseconds;
                Diagnostics.Line($"client {peer} bytes={bytes} duration_ms={ms} outcome={outcome} spool={(spool.UsesFile ? "file" : "memory")}");
            }

            if (hash is not null)
            {
                ClientReceiver.SendReceipt(socket, bytes, hash, options.Verbose, peer);
            }
        }
        catch (SpoolFailedException e)
        {
            Diagnostics.Line($"{peer}: {e.Message}; connection reset");
            ClientReceiver.Abort(socket);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
