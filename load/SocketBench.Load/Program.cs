namespace SocketBench.Load;

internal static class Program
{
    public static async Task<int> Main(string[] args) => await Cli.RunAsync(args).ConfigureAwait(false);
}
