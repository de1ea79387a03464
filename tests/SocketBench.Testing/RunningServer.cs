using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>
/// An implementation's server started by a suite: on a free port the suite chooses (or the one
/// given), ready once a listening socket of its process tree is seen. Needs nothing of the program
/// but the seed spec's <c>server PORT</c>.
/// </summary>
public sealed class RunningServer : IDisposable
{
    private readonly ServerProcess _server;

    private RunningServer(Implementation impl, ServerProcess server)
    {
        Impl = impl;
        _server = server;
    }

    public Implementation Impl { get; }

    /// <summary>Gets the server program (stdout captured, stderr captured).</summary>
    public ChildProcess Child => _server.Child;

    /// <summary>Gets the port it listens on.</summary>
    public int Port => _server.Port;

    /// <summary>Gets the listening socket seen at start, with the kernel's queue limit.</summary>
    public ListeningSocket Listener => _server.Listener;

    /// <summary>Starts <c>server [args] PORT</c> and waits until it listens.</summary>
    /// <param name="port">The port to pass; null chooses a free one.</param>
    /// <param name="serverPath">Run this instead of the implementation's server (e.g. valgrind) ...</param>
    /// <param name="prefixArgs">... with these arguments first (e.g. valgrind's options and the server's path).</param>
    public static async Task<RunningServer> StartAsync(Implementation impl, IEnumerable<string>? args = null, int? port = null, bool captureStdout = true, string? serverPath = null, IEnumerable<string>? prefixArgs = null)
    {
        var path = serverPath ?? impl.Server;
        var server = await ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = path,
            Arguments = [.. prefixArgs ?? [], .. args ?? []],
            Port = port,
            ReadyDeadline = TimeSpan.FromSeconds(30),
            Child = new ChildProcessOptions { FileName = path, StdoutCapBytes = captureStdout ? 256L << 20 : 0 },
        }).ConfigureAwait(false);
        return new RunningServer(impl, server);
    }

    /// <summary>Sends <paramref name="signal"/> and waits for the exit code.</summary>
    public Task<int?> StopAsync(int signal = Signals.SigTerm, TimeSpan? deadline = null) => _server.StopAsync(signal, deadline);

    /// <summary>Waits until at least <paramref name="length"/> bytes reached stdout.</summary>
    public Task<bool> WaitForOutputAsync(long length, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => Child.Stdout.TotalBytes >= length, deadline ?? TimeSpan.FromSeconds(30));

    public void Dispose() => _server.Dispose();
}
