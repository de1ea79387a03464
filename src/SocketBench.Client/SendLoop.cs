using System.Net.Sockets;

namespace SocketBench.Client;

/// <summary>
/// Sends each chunk completely over a non-blocking socket: a short send is continued from where it
/// stopped, a full buffer is waited out with poll, and both are counted (DESIGN.md section 3).
/// No allocation per chunk.
/// </summary>
internal sealed class SendLoop(ISendTarget target, ClientStats stats)
{
    /// <summary>Sends all of <paramref name="chunk"/>; throws <see cref="ClientFailedException"/> (74) on error.</summary>
    public void SendAll(ReadOnlySpan<byte> chunk)
    {
        stats.Chunks++;
        var offset = 0;
        while (offset < chunk.Length)
        {
            stats.SendCalls++;
            var remaining = chunk.Length - offset;
            var n = target.Send(chunk[offset..], out var error);
            if (error == SocketError.Success && n > 0)
            {
                if (n < remaining)
                {
                    stats.PartialSends++;
                }

                offset += n;
                stats.Sent += n;
            }
            else if (error is SocketError.WouldBlock or SocketError.Success)
            {
                stats.WouldBlock++;
                target.WaitWritable(ClientConstants.WritablePollSlice);
            }
            else
            {
                throw new ClientFailedException(
                    ExitCode.IoError,
                    $"send failed after {stats.Sent} bytes ({error}); the server may hold a prefix of the message");
            }
        }
    }
}
