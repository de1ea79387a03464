namespace SocketBench.Bench;

/// <summary>
/// Where each process runs: the same CPUs for every pair, so the scheduler's placement (which
/// moves a pipe's rate between about 1 and 2.5 GiB/s) is not what a comparison measures.
/// Clients and readers run on CPU 0, servers on CPU 1 (taskset); on one CPU nothing is pinned.
/// </summary>
public static class Placement
{
    private static readonly string? TaskSet = Environment.ProcessorCount >= 2 ? Tools.OnPath("taskset") : null;

    /// <summary>Gets a one-line description for the report.</summary>
    public static string Describe => TaskSet is null ? "not pinned" : "clients and readers on CPU 0, servers on CPU 1 (taskset); the fault proxy unpinned";

    /// <summary>The command line that runs <paramref name="file"/> on the client CPU.</summary>
    public static (string File, List<string> Args) Client(string file, IEnumerable<string> args) => On(0, file, args);

    /// <summary>The command line that runs <paramref name="file"/> on the server CPU.</summary>
    public static (string File, List<string> Args) Server(string file, IEnumerable<string> args) => On(1, file, args);

    /// <summary>A shell prefix pinning to the client CPU (for readers inside a shell pipeline).</summary>
    public static string ReaderPrefix => TaskSet is null ? "" : $"{TaskSet} -c 0 ";

    /// <summary>A shell prefix pinning to the server CPU.</summary>
    public static string ServerPrefix => TaskSet is null ? "" : $"{TaskSet} -c 1 ";

    private static (string, List<string>) On(int cpu, string file, IEnumerable<string> args) =>
        TaskSet is null ? (file, args.ToList()) : (TaskSet, ["-c", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), file, .. args]);
}
