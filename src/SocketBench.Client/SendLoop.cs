using System.Net.Sockets;

namespace SocketBench.Client;

/// <summary>The socket operations the send loop needs; a fake stands in for it in unit tests.</summary>
internal interface ISendTarget
{
    /// <summary>One non-blocking send: the count the kernel took, or an error (WouldBlock when full).</summary>
    int Send(ReadOnlySpan<byte> bytes, out SocketError error);

    /// <summary>Waits up to <paramref name="timeout"/> for the socket to become writable.</summary>
    bool WaitWritable(TimeSpan timeout);
}

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

/// <summary>A connected socket switched to non-blocking mode.</summary>
internal sealed class SocketSendTarget : ISendTarget
{
    private readonly Socket _socket;

    public SocketSendTarget(Socket socket)
    {
        _socket = socket;
        _socket.Blocking = false;
    }

    public int Send(ReadOnlySpan<byte> bytes, out SocketError error) => _socket.Send(bytes, SocketFlags.None, out error);

    public bool WaitWritable(TimeSpan timeout) => _socket.Poll(timeout, SelectMode.SelectWrite);
}
