namespace SocketBench.Load;

/// <summary>
/// What one iteration sees (NBomber's IScenarioContext). One instance per copy, reused for every
/// iteration of that copy, so the hot path allocates nothing.
/// </summary>
public sealed class ScenarioContext
{
    internal ScenarioContext(string scenarioName, int copyNumber, Scheduling.ScenarioRun run)
    {
        ScenarioName = scenarioName;
        CopyNumber = copyNumber;
        Run = run;
    }

    public string ScenarioName { get; }

    /// <summary>Gets the copy (virtual user) number, from 0.</summary>
    public int CopyNumber { get; }

    /// <summary>Gets the copy's iteration counter, from 0.</summary>
    public long InvocationNumber { get; internal set; }

    /// <summary>Gets the scenario-wide iteration number, from 0 (unique across copies).</summary>
    public long IterationNumber { get; internal set; }

    /// <summary>Gets the intended start (open model) or actual start (closed model), as a TimeProvider timestamp.</summary>
    public long ScheduledTimestamp { get; internal set; }

    /// <summary>Gets the token that fires on the iteration timeout or when the run is stopped.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>Gets the scenario's time source.</summary>
    public TimeProvider TimeProvider => Run.Time;

    /// <summary>Gets per-copy state the body may keep between iterations.</summary>
    public object? CopyState { get; set; }

    internal Scheduling.ScenarioRun Run { get; }
}
