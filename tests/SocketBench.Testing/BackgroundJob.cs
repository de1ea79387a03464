namespace SocketBench.Testing;

/// <summary>
/// How a non-interactive shell starts a background job (<c>cmd &amp;</c> in a script): SIGINT and
/// SIGQUIT ignored, an ignore the program inherits across exec.
/// </summary>
public static class BackgroundJob
{
    /// <summary>The shell that runs <c>"$0" "$@"</c> that way: put the program and its arguments after it.</summary>
    public static IReadOnlyList<string> Shell { get; } = ["/bin/sh", "-c", "trap '' INT QUIT; exec \"$0\" \"$@\""];
}
