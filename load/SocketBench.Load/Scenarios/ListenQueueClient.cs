using System.Net;
using System.Net.Sockets;

namespace SocketBench.Load.Scenarios;

/// <summary>One client of scenarios 1 and 2: its socket (bound before the run, so its port is known), its connect, and its times for the trace.</summary>
internal sealed class ListenQueueClient(int index, long id, Socket socket)
{
    public int Index { get; } = index;

    public long Id { get; } = id;

    public Socket Socket { get; } = socket;

    public int LocalPort { get; } = ((IPEndPoint)socket.LocalEndPoint!).Port;

    public long Started { get; set; }

    public long Connected { get; set; }

    public long Served { get; set; }

    public string State { get; set; } = "not judged";

    public Task<string?>? Connect { get; set; }

    /// <summary>Gets the signal that this client's connect has been issued (the next client may go).</summary>
    public TaskCompletionSource Issued { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
