namespace SocketBench.Grade;

/// <summary>The grader's exit codes (GRADE-CONTRACT.md).</summary>
public static class GradeExit
{
    /// <summary>Every spec check passed.</summary>
    public const int Passed = 0;

    /// <summary>At least one spec check failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The programs (or results to merge) are missing or not executable (EX_NOINPUT).</summary>
    public const int NoInput = 66;

    /// <summary>Interrupted by SIGINT or SIGTERM (128 + SIGINT), no card written.</summary>
    public const int Interrupted = 130;
}
