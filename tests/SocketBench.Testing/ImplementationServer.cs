using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>
/// How a suite starts an implementation's server: on a free port the suite chooses (or the one
/// given), ready once a listening socket of its process tree is seen (<see cref="ServerProcess"/>).
/// Needs nothing of the program but the seed spec's <c>server PORT</c>.
/// </summary>
public static class ImplementationServer
{
    /// <summary>Starts <c>server [args] PORT</c> and waits until it listens; the server is named after <paramref name="impl"/>.</summary>
    /// <param name="impl">The implementation whose server runs.</param>
    /// <param name="args">Options put before the port.</param>
    /// <param name="port">The port to pass; null chooses a free one.</param>
    /// <param name="captureStdout">Whether stdout is captured (up to 256 MiB) or discarded.</param>
    /// <param name="serverPath">Run this instead of the implementation's server (e.g. valgrind) ...</param>
    /// <param name="prefixArgs">... with these arguments first (e.g. valgrind's options and the server's path).</param>
    public static Task<ServerProcess> StartServerAsync(this Implementation impl, IEnumerable<string>? args = null, int? port = null, bool captureStdout = true, string? serverPath = null, IEnumerable<string>? prefixArgs = null)
    {
        ArgumentNullException.ThrowIfNull(impl);
        var path = serverPath ?? impl.Server;
        return ServerProcess.StartAsync(new ServerStartOptions
        {
            Name = impl.Name,
            FileName = path,
            Arguments = [.. prefixArgs ?? [], .. args ?? []],
            Port = port,
            ReadyDeadline = TimeSpan.FromSeconds(30),
            Child = new ChildProcessOptions { FileName = path, StdoutCapBytes = captureStdout ? 256L << 20 : 0 },
        });
    }
}
