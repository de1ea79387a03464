using System.Net.Sockets;

namespace SocketBench.Client;

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
