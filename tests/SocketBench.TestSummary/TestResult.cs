namespace SocketBench.TestSummary;

/// <summary>One test result from a TRX file.</summary>
/// <param name="Project">The test assembly's name (SocketBench.UnitTests).</param>
/// <param name="Name">The test's name.</param>
/// <param name="Outcome">TRX outcome: Passed, Failed, NotExecuted, Inconclusive, ...</param>
/// <param name="Message">The failure or skip message.</param>
public sealed record TestResult(string Project, string Name, string Outcome, string Message)
{
    public bool Passed => Outcome == "Passed";

    public bool Failed => Outcome is "Failed" or "Error" or "Timeout" or "Aborted";

    public bool Skipped => !Passed && !Failed;
}
