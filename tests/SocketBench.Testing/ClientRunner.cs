using System.Globalization;
using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>Runs a client process to completion with given stdin.</summary>
public static class ClientRunner
{
    /// <summary>Runs <c>client [args] host port</c> feeding <paramref name="input"/> on stdin.</summary>
    public static Task<ClientResult> RunAsync(Implementation impl, string host, int port, byte[] input, IEnumerable<string>? args = null, TimeSpan? deadline = null) =>
        RunAsync(impl.Client, [.. args ?? [], host, port.ToString(CultureInfo.InvariantCulture)], new MemoryStream(input, writable: false), deadline);

    /// <summary>Runs <paramref name="path"/> with raw <paramref name="args"/>, copying <paramref name="stdin"/> to it; killed with its children past the deadline.</summary>
    public static async Task<ClientResult> RunAsync(string path, IReadOnlyList<string> args, Stream stdin, TimeSpan? deadline = null)
    {
        var result = await ProcessResult.RunAsync(new ChildProcessOptions { FileName = path, Arguments = args }, stdin, deadline ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return new ClientResult(result.ExitCode, result.Stderr, result.Stdout);
    }
}
