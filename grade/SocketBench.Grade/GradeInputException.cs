namespace SocketBench.Grade;

/// <summary>Input the grader cannot use: missing or non-executable programs, no results to merge. The message is the one line printed (exit 66).</summary>
public sealed class GradeInputException(string message) : Exception(message);
