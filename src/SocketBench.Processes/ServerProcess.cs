using System.Globalization;
using System.Net;

namespace SocketBench.Processes;

/// <summary>
/// A server program started on a port and known to be listening (a LISTEN socket of its process
/// tree was seen), with what the kernel says of its accept queue. Spec-only servers that print
/// nothing work as well as ours.
/// </summary>
public sealed class ServerProcess : IDisposable, IAsyncDisposable
{
    private ServerProcess(string name, ChildProcess child, ListeningSocket listener)
    {
        Name = name;
        Child = child;
        Listener = listener;
    }

    /// <summary>Gets its name in reports and messages (<see cref="ServerStartOptions.Name"/>).</summary>
    public string Name { get; }

    /// <summary>Gets the running program.</summary>
    public ChildProcess Child { get; }

    /// <summary>Gets the listening socket seen at start (its queue limit is the measured backlog).</summary>
    public ListeningSocket Listener { get; }

    /// <summary>Gets the port it listens on.</summary>
    public int Port => Listener.Port;

    /// <summary>Gets a loopback end point that reaches it.</summary>
    public IPEndPoint EndPoint => Listener.LoopbackEndPoint;

    /// <summary>Gets the process id of the program started (a wrapper shell's, when one runs the server).</summary>
    public int Pid => Child.Pid;

    /// <summary>Gets the CPU time used so far by its whole process tree (the server and, say, a reader of its stdout).</summary>
    public TimeSpan CpuTime => ProcessTree.CpuTime(Pid);

    /// <summary>Gets the peak resident memory of the largest process in its tree (the server itself), in bytes.</summary>
    public long PeakRssBytes => ProcessTree.Of(Pid).Select(p => ProcessTree.PeakResidentBytes(p) ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>Starts the server and waits until it listens.</summary>
    /// <exception cref="ServerStartException">It exited or did not listen before the deadline.</exception>
    public static async Task<ServerProcess> StartAsync(ServerStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ServerStartException? last = null;
        var attempts = options.Port is null ? Math.Max(1, options.Attempts) : 1;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var port = options.Port ?? FreePort.Get();
            var child = ChildProcess.Start((options.Child ?? new ChildProcessOptions { FileName = options.FileName }) with
            {
                FileName = options.FileName,
                Arguments = [.. options.Arguments, port.ToString(CultureInfo.InvariantCulture)],
            });
            var listener = await Listeners.WaitAsync(child, options.ReadyDeadline, port == 0 ? null : port, cancellationToken).ConfigureAwait(false);
            if (listener is not null)
            {
                return new ServerProcess(options.Name ?? Path.GetFileName(options.FileName), child, listener);
            }

            if (child.HasExited)
            {
                // Let the pumps drain, so the error can quote what it printed before dying.
                await child.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }

            last = ServerStartException.From(child, options.FileName, port, options.ReadyDeadline);
            await child.DisposeAsync().ConfigureAwait(false);
            if (!last.Exited)
            {
                break;
            }
        }

        throw last!;
    }

    /// <summary>The accept queue of its listening socket now (queued connections and limit), when the kernel tells.</summary>
    public ListeningSocket? CurrentListener() => Listeners.OfTree(Child.Pid).FirstOrDefault(l => l.Inode == Listener.Inode);

    /// <summary>Sends <paramref name="signal"/> (SIGTERM by default) and waits for the exit code; null when it outlives <paramref name="deadline"/>.</summary>
    public Task<int?> StopAsync(int signal = Signals.SigTerm, TimeSpan? deadline = null) =>
        Child.StopAsync(signal, deadline ?? TimeSpan.FromSeconds(10));

    /// <summary>Waits until at least <paramref name="length"/> bytes reached its stdout (captured); false after <paramref name="deadline"/> (default 30 s).</summary>
    public Task<bool> WaitForOutputAsync(long length, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => Child.Stdout.TotalBytes >= length, deadline ?? TimeSpan.FromSeconds(30));

    public void Dispose() => Child.Dispose();

    public ValueTask DisposeAsync() => Child.DisposeAsync();
}
