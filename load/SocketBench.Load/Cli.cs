namespace SocketBench.Load;

/// <summary>Command line entry (placeholder until the scenarios land).</summary>
internal static class Cli
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length >= 0 ? 0 : 1);
}
