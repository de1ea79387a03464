using System.Net;
using System.Net.Sockets;
using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>
/// A loopback port that answers no connection yet: a listener whose accept queue (limit 0) is
/// already full, so the kernel drops a client's SYNs and each connect attempt waits in SYN-SENT,
/// visible in /proc/net/tcp, until the client's attempt timeout ends it. A test thus sees how
/// many attempts a client made before it lets the real server (or proxy) take the port, instead
/// of sleeping and hoping the client tried.
/// </summary>
public sealed class UnansweredPort : IDisposable
{
    private readonly Socket _listener;
    private readonly Socket _filler;
    private readonly HashSet<int> _attempts = [];

    private UnansweredPort(Socket listener, Socket filler)
    {
        _listener = listener;
        _filler = filler;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>Gets the port held.</summary>
    public int Port { get; }

    /// <summary>Holds <paramref name="port"/> on 127.0.0.1 (0: one the OS chooses).</summary>
    public static async Task<UnansweredPort> OpenAsync(int port = 0)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(0);
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { LingerState = new LingerOption(true, 0) };
            await filler.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return new UnansweredPort(listener, filler);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Waits until clients made <paramref name="count"/> distinct connect attempts to the port (each a SYN-SENT socket with its own local port).</summary>
    public Task<bool> WaitForAttemptsAsync(int count, TimeSpan deadline) =>
        Poll.UntilAsync(
            () =>
            {
                foreach (var row in ProcNetTcp.Read())
                {
                    if (row.State == ProcNetTcp.State.SynSent && row.Remote.Port == Port)
                    {
                        _attempts.Add(row.Local.Port);
                    }
                }

                return _attempts.Count >= count;
            },
            deadline,
            TimeSpan.FromMilliseconds(5));

    /// <summary>Frees the port (the filler is reset, so no TIME_WAIT is left on it).</summary>
    public void Dispose()
    {
        _filler.Dispose();
        _listener.Dispose();
    }
}
