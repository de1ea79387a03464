using System.Net;

namespace SocketBench.Processes;

/// <summary>A TCP socket in LISTEN state, as the kernel reports it.</summary>
/// <param name="Address">The bound address (<see cref="IPAddress.IPv6Any"/> for a dual-stack listener).</param>
/// <param name="Port">The bound port.</param>
/// <param name="Inode">The socket's inode (links it to a process's file descriptors).</param>
/// <param name="QueueLimit">The accept queue's limit (listen's backlog, capped by somaxconn), when the kernel told it.</param>
/// <param name="Queued">Connections waiting in the accept queue now, when the kernel told it.</param>
public sealed record ListeningSocket(IPAddress Address, int Port, long Inode, int? QueueLimit = null, int? Queued = null)
{
    /// <summary>Gets an end point a client on this host can connect to.</summary>
    public IPEndPoint LoopbackEndPoint =>
        Address.Equals(IPAddress.IPv6Any) || Address.Equals(IPAddress.IPv6Loopback)
            ? new IPEndPoint(Address.Equals(IPAddress.IPv6Loopback) ? IPAddress.IPv6Loopback : IPAddress.Loopback, Port)
            : new IPEndPoint(Address.Equals(IPAddress.Any) ? IPAddress.Loopback : Address, Port);
}
