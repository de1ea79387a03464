using SocketBench.Processes;

namespace SocketBench.Bench;

/// <summary>
/// How the bench starts a server (ours or a peer): a small shell line that pins it to the server
/// CPU and sends its stdout where the measure wants. The result is the shared
/// <see cref="ServerProcess"/>: ready once it listens, its CPU and memory counted over its process tree.
/// </summary>
public static class BenchServers
{
    /// <summary>One of our servers (bin/IMPL/server PORT).</summary>
    public static Task<ServerProcess> OursAsync(string impl, Sink sink) =>
        StartAsync($"{impl} ({Describe(sink)})", Tools.Server(impl), sink == Sink.DevNull
            ? $"exec {Placement.ServerPrefix}\"$0\" \"$1\" >/dev/null"
            : $"{Placement.ServerPrefix}\"$0\" \"$1\" | {Placement.ReaderPrefix}cat >/dev/null");

    /// <summary>A peer started from a shell line in which $1 is the port.</summary>
    public static Task<ServerProcess> PeerAsync(string name, string line) => StartAsync(name, "peer", $"exec {Placement.ServerPrefix}{line}");

    private static string Describe(Sink sink) => sink == Sink.DevNull ? "stdout to /dev/null" : "stdout | cat";

    private static Task<ServerProcess> StartAsync(string name, string program, string line) =>
        ServerProcess.StartAsync(new ServerStartOptions
        {
            Name = name,
            FileName = "/bin/sh",
            Arguments = ["-c", line, program],
            Child = new ChildProcessOptions { FileName = "/bin/sh", StdoutCapBytes = 0, StderrCapBytes = 64 * 1024 },
        });
}
