using SocketBench.Delivery;

namespace SocketBench.Load.Clients;

/// <summary>How a load client sends one message.</summary>
/// <param name="ConnectTimeout">Bound on connect (.NET has none of its own; Linux would wait ~131 s).</param>
/// <param name="CloseTimeout">Bound on waiting for the server's close after the half-close (the <see cref="DeliveryConfirmation"/>'s wait).</param>
/// <param name="Hold">Pause in the middle of the message, so the sequential server is busy for about this long per client (the service time S).</param>
/// <param name="ChunkSize">Bytes generated and handed to the socket per send.</param>
/// <param name="Blocking">
/// Blocking socket calls on the calling thread (as a C generator does) instead of async ones: no
/// epoll round trip and no thread-pool hop per call. For closed-model copies on dedicated threads
/// (see <see cref="Scheduling.ClosedCopies"/>); the socket's send timeout bounds connect, the
/// confirmation's receive timeout the close wait, and cancellation shuts the connection down. Not with <paramref name="Hold"/>.
/// </param>
internal sealed record ClientSettings(TimeSpan ConnectTimeout, TimeSpan CloseTimeout, TimeSpan Hold, int ChunkSize = 64 * 1024, bool Blocking = false);
