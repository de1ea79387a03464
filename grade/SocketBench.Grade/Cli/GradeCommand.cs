namespace SocketBench.Grade.Cli;

/// <summary>What to do.</summary>
public enum GradeCommand
{
    /// <summary>Grade one submission (a directory, or loose server/client paths).</summary>
    Grade,

    /// <summary>Grade every subdirectory of a folder and write a class summary.</summary>
    Submissions,

    /// <summary>Build a class summary from results.json files made elsewhere.</summary>
    Merge,

    Help,
    Version,
}
