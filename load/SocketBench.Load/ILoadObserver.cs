using SocketBench.Load.Stats;

namespace SocketBench.Load;

/// <summary>Progress callbacks of a run (console output). Exceptions thrown here never reach the run.</summary>
public interface ILoadObserver
{
    void ScenarioStarted(Scenario scenario);

    void Interval(string scenario, IntervalStats interval);

    void ScenarioFinished(ScenarioStats stats, IReadOnlyList<ThresholdResult> thresholds);

    void RunFinished(RunResult result);
}
