using System.Net;
using SocketBench.Processes;

namespace SocketBench.Bench;

/// <summary>Where a server's stdout goes during a bench: straight to /dev/null, or through a pipe into <c>cat</c>.</summary>
public enum Sink
{
    DevNull,
    Pipe,
}

/// <summary>
/// A server (ours or a peer) run for the bench through a small shell line that pins it to the
/// server CPU and sends its stdout where the measure wants; ready once it listens (the shared
/// Processes library), its CPU counted over its whole process tree.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private BenchServer(string name, ServerProcess server)
    {
        Name = name;
        _server = server;
    }

    public string Name { get; }

    public int Port => _server.Port;

    public IPEndPoint EndPoint => _server.EndPoint;

    public int Pid => _server.Child.Pid;

    /// <summary>Gets the CPU time used so far by the server and its reader.</summary>
    public TimeSpan CpuTime => ProcessTree.CpuTime(Pid);

    /// <summary>Gets the peak RSS of the largest process in the tree (the server itself), in bytes.</summary>
    public long PeakRssBytes => ProcessTree.Of(Pid).Select(p => ProcessTree.PeakResidentBytes(p) ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>One of our servers (bin/IMPL/server PORT).</summary>
    public static Task<BenchServer> OursAsync(string impl, Sink sink) =>
        StartAsync($"{impl} ({Describe(sink)})", Tools.Server(impl), sink == Sink.DevNull
            ? $"exec {Placement.ServerPrefix}\"$0\" \"$1\" >/dev/null"
            : $"{Placement.ServerPrefix}\"$0\" \"$1\" | {Placement.ReaderPrefix}cat >/dev/null");

    /// <summary>A peer started from a shell line in which $1 is the port.</summary>
    public static Task<BenchServer> PeerAsync(string name, string line) => StartAsync(name, "peer", $"exec {Placement.ServerPrefix}{line}");

    public static string Describe(Sink sink) => sink == Sink.DevNull ? "stdout to /dev/null" : "stdout | cat";

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task<BenchServer> StartAsync(string name, string program, string line)
    {
        var server = await ServerProcess.StartAsync(new ServerStartOptions
        {
            FileName = "/bin/sh",
            Arguments = ["-c", line, program],
            Child = new ChildProcessOptions { FileName = "/bin/sh", StdoutCapBytes = 0, StderrCapBytes = 64 * 1024 },
        }).ConfigureAwait(false);
        return new BenchServer(name, server);
    }
}
