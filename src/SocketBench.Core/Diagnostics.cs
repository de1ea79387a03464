namespace SocketBench;

/// <summary>
/// Writes the programs' diagnostics to stderr: one line each, prefixed with the program name.
/// stdout is reserved for message bytes (DESIGN.md section 2).
/// </summary>
public static class Diagnostics
{
    private static readonly Lock Gate = new();

    /// <summary>The prefix of every line, e.g. <c>server</c>.</summary>
    public static string Program { get; set; } = "socketbench";

    /// <summary>Writes <c>program: message</c> as one line on stderr.</summary>
    public static void Line(string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"{Program}: {message}");
        }
    }
}
