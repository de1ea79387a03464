namespace SocketBench.Processes;

/// <summary>How to start a child program (<c>ChildProcess.Start</c>).</summary>
public sealed record ChildProcessOptions
{
    /// <summary>Gets the executable: a path, or a name looked up on PATH.</summary>
    public required string FileName { get; init; }

    /// <summary>Gets the arguments, passed as they are (no shell).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets whether stdin is a pipe the caller writes (<see cref="ChildProcess.Stdin"/>); otherwise stdin is closed at once (EOF).</summary>
    public bool PipeStdin { get; init; }

    /// <summary>Gets the most stdout bytes kept in memory.</summary>
    /// <value>Default 256 MiB; the rest is counted and dropped.</value>
    public long StdoutCapBytes { get; init; } = 256L << 20;

    /// <summary>Gets the most stderr bytes kept in memory.</summary>
    /// <value>Default 1 MiB.</value>
    public long StderrCapBytes { get; init; } = 1L << 20;

    /// <summary>Gets a reader that takes the child's stdout stream instead of the capped capture (for streaming parsers).</summary>
    public Func<Stream, Task>? StdoutReader { get; init; }

    /// <summary>Gets a reader that takes the child's stderr stream instead of the capped capture (e.g. to keep the last lines of a long run).</summary>
    public Func<Stream, Task>? StderrReader { get; init; }

    /// <summary>Gets the working directory, or null for ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets variables to set (a null value removes one) in the child's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Gets whether the child leads a process group (and session) of its own, so it and its children are signalled and killed together.</summary>
    /// <value>Default true.</value>
    public bool OwnProcessGroup { get; init; } = true;

    /// <summary>Gets whether peak resident memory is sampled while the child runs (<see cref="ChildProcess.PeakRssBytes"/>).</summary>
    public bool SampleMemory { get; init; }
}
