using System.Text;
using System.Text.RegularExpressions;
using SocketBench.Processes;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// Options beyond the seed spec (DESIGN.md section 3a) are detected, never required: a program
/// offers an option when <c>PROGRAM --help</c> exits 0 and names it as a whole word (as
/// tests/SocketBench.Testing's Extensions.HasOptionAsync and the grader decide). A spec-only
/// server may take <c>--help</c> for a port and listen: it is killed after the deadline and
/// offers nothing.
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

        var help = ProcessResult.RunAsync(new ChildProcessOptions { FileName = program, Arguments = ["--help"], StdoutCapBytes = 64 * 1024 }, stdin: null, Deadline).GetAwaiter().GetResult();
        return help.ExitCode == 0 && Regex.IsMatch(Encoding.UTF8.GetString(help.Stdout), $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])");
    }
}
