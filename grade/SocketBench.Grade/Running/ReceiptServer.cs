using System.Net;
using System.Net.Sockets;
using SocketBench.Grade.Evidence;

namespace SocketBench.Grade.Running;

/// <summary>
/// A one-client server in the grader that answers like a <c>--receipt</c> server (DESIGN.md
/// section 3a): it reads the client's message to EOF, sends a receipt, closes. The receipt covers
/// the first <c>acknowledge(received)</c> bytes: all of them for an honest server, fewer for one
/// that stands for a server whose stdout got only a prefix (what a truncating proxy leaves).
/// </summary>
internal sealed class ReceiptServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ReceiptServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Serves one client; returns what it sent (null when none came or it did not end its message within the deadline).</summary>
    public async Task<byte[]?> ServeOneAsync(Func<int, int> acknowledge, TimeSpan deadline, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        try
        {
            using var client = await _listener.AcceptAsync(timeout.Token).ConfigureAwait(false);
            var received = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false)) > 0)
            {
                received.Write(buffer, 0, n);
            }

            var bytes = received.ToArray();
            await client.SendAsync(Receipt.For(bytes.AsSpan(0, Math.Clamp(acknowledge(bytes.Length), 0, bytes.Length))), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Both);
            return bytes;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _listener.Dispose();
}
