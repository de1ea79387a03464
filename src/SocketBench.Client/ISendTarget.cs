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
