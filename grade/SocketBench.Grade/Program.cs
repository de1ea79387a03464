using SocketBench.Cli;
using SocketBench.Grade;
using SocketBench.Grade.Cli;

// Thin entry point: parse, run, one line on error, never a stack trace (STYLE.md point 7).
GradeArguments arguments;
try
{
    arguments = GradeArguments.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"grade: {e.Message}");
    return GradeExit.Usage;
}

try
{
    return arguments.Command switch
    {
        GradeCommand.Help => Say(GradeArguments.Usage, GradeExit.Passed),
        GradeCommand.Version => Say("grade " + GradeApp.Version, GradeExit.Passed),
        GradeCommand.Merge => MergeCommand.Run(arguments),
        GradeCommand.Submissions => await ClassRun.RunAsync(arguments, args),
        _ => await GradeApp.RunAsync(arguments, args),
    };
}
catch (GradeInputException e)
{
    Console.Error.WriteLine($"grade: {e.Message}");
    return GradeExit.NoInput;
}

static int Say(string text, int code)
{
    Console.WriteLine(text);
    return code;
}
