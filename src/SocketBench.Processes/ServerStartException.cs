using System.Globalization;

namespace SocketBench.Processes;

/// <summary>A server program exited, or did not listen, before its deadline.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException()
    {
    }

    public ServerStartException(string message)
        : base(message)
    {
    }

    public ServerStartException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Gets whether it exited (rather than ran without listening).</summary>
    public bool Exited { get; private init; }

    /// <summary>Gets its exit code, when it exited.</summary>
    public int? ExitCode { get; private init; }

    /// <summary>Gets what it wrote to stderr (capped).</summary>
    public string Stderr { get; private init; } = "";

    internal static ServerStartException From(ChildProcess child, string fileName, int port, TimeSpan deadline)
    {
        var exited = child.HasExited;
        var code = exited ? child.ExitCode : (int?)null;
        var stderr = child.Stderr.Trim();
        var what = exited
            ? $"exited with code {code} before listening on port {port}"
            : $"did not listen on port {port} within {deadline.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
        var tail = stderr.Length == 0 ? "" : $"; stderr: {FirstLines(stderr, 3)}";
        return new ServerStartException($"{fileName} {what}{tail}") { Exited = exited, ExitCode = code, Stderr = stderr };
    }

    private static string FirstLines(string text, int count) => string.Join(" | ", text.Split('\n').Take(count));
}
