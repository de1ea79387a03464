using System.Text;

namespace SocketBench.Processes;

/// <summary>
/// Options beyond the seed spec (DESIGN.md sections 1 and 3a) are detected, never required: a
/// program offers an option when <c>PROGRAM --help</c> exits 0 and its text names the option as a
/// whole word (<c>--receipt</c> is named by "--receipt" but not by "--receipts" or "x--receipt").
/// A spec-only server may take <c>--help</c> for a port and listen: the deadline ends it, and it
/// offers nothing. One rule for the suites, the load runner and the grader.
/// </summary>
public static class ProgramHelp
{
    /// <summary>How long a program may take to answer <c>--help</c> unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    private const long HelpCapBytes = 64 * 1024;

    /// <summary>Runs <c>PROGRAM --help</c> (stdin empty, output capped, in its own process group, killed at the deadline).</summary>
    public static Task<ProcessResult> RunAsync(string program, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        ProcessResult.RunAsync(
            new ChildProcessOptions { FileName = program, Arguments = ["--help"], StdoutCapBytes = HelpCapBytes },
            new MemoryStream([], writable: false),
            deadline,
            cancellationToken);

    /// <summary>The <c>--help</c> text, or null when the program is missing or does not exit 0 in time.</summary>
    public static async Task<string?> ReadAsync(string program, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(program))
        {
            return null;
        }

        var result = await RunAsync(program, deadline, cancellationToken).ConfigureAwait(false);
        return Text(result);
    }

    /// <summary>The help text of a finished <c>--help</c> run, or null unless it exited 0.</summary>
    public static string? Text(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ExitCode == 0 ? Encoding.UTF8.GetString(result.Stdout) : null;
    }

    /// <summary>Whether <paramref name="program"/> offers <paramref name="option"/> (see the class remarks).</summary>
    public static async Task<bool> OffersAsync(string program, string option, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        Names(await ReadAsync(program, deadline, cancellationToken).ConfigureAwait(false), option);

    /// <summary>Whether <paramref name="helpText"/> names <paramref name="option"/> as a whole word (null text names nothing).</summary>
    public static bool Names(string? helpText, string option)
    {
        ArgumentException.ThrowIfNullOrEmpty(option);
        if (helpText is null)
        {
            return false;
        }

        for (var at = helpText.IndexOf(option, StringComparison.Ordinal); at >= 0; at = helpText.IndexOf(option, at + 1, StringComparison.Ordinal))
        {
            var end = at + option.Length;
            if ((at == 0 || !IsWordChar(helpText[at - 1])) && (end == helpText.Length || !IsWordChar(helpText[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';
}
