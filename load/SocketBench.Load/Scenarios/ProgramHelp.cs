using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Options beyond the seed spec (DESIGN.md section 3a) are detected, never required: a program
/// offers an option when <c>PROGRAM --help</c> exits 0 and names it as a whole word (as tests/SocketBench.Testing's Extensions.HasOptionAsync and the grader decide). A spec-only server may take
/// <c>--help</c> for a port and listen: it is killed after the deadline and offers nothing.
/// </summary>
internal static class ProgramHelp
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static bool Offers(string program, string option)
    {
        if (!File.Exists(program))
        {
            return false;
        }

        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--help");
        using var process = Process.Start(psi);
        if (process is null)
        {
            return false;
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return false;
        }

        return process.ExitCode == 0 && OptionRegex(option).IsMatch(stdout.GetAwaiter().GetResult());
    }

    private static Regex OptionRegex(string option) => new($@"(?<![\w-]){Regex.Escape(option)}(?![\w-])");
}
