using System.Net.Sockets;

namespace SocketBench.Server;

/// <summary>One accepted connection while it is served: why the server cut it, if it did, and its <c>--client-timeout</c> timer.</summary>
internal sealed class ServedClient(Socket socket)
{
    public Socket Socket { get; } = socket;

    public ClientCut Cut { get; } = new();

    public ITimer? Deadline { get; set; }
}
