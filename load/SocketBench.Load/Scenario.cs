using SocketBench.Load.Stats;

namespace SocketBench.Load;

/// <summary>
/// A named load test, as in NBomber: a body run once per iteration by each copy, the load phases
/// that drive it, and its thresholds. Build with <see cref="Create"/> and the <c>With…</c> methods.
/// </summary>
public sealed class Scenario
{
    private Scenario(string name, Func<ScenarioContext, ValueTask<Response>> body)
    {
        Name = name;
        Body = body;
    }

    public string Name { get; }

    public string Description { get; private set; } = "";

    internal Func<ScenarioContext, ValueTask<Response>> Body { get; }

    public IReadOnlyList<Simulation> Simulations { get; private set; } = [Simulation.KeepConstant(1, TimeSpan.FromSeconds(10))];

    public IReadOnlyList<Threshold> Thresholds { get; private set; } = [];

    internal Func<ScenarioInitContext, Task>? Init { get; private set; }

    internal Func<ScenarioInitContext, Task>? Clean { get; private set; }

    /// <summary>Gets the open-model in-flight cap; arrivals beyond it are counted as dropped.</summary>
    public int MaxInFlight { get; private set; } = LoadConstants.DefaultMaxInFlight;

    public TimeSpan? IterationTimeout { get; private set; }

    public IReadOnlyList<double> Percentiles { get; private set; } = LoadConstants.DefaultPercentiles;

    /// <summary>Gets the seed for open-model arrival offsets, so that runs are repeatable.</summary>
    public int Seed { get; private set; } = 1;

    public static Scenario Create(string name, Func<ScenarioContext, ValueTask<Response>> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(body);
        return new Scenario(name, body);
    }

    public Scenario WithDescription(string description)
    {
        Description = description;
        return this;
    }

    /// <summary>Sets the load phases after checking them (one model family, iteration phases alone).</summary>
    public Scenario WithLoadSimulations(params Simulation[] simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Length == 0)
        {
            throw new ArgumentException("at least one simulation is needed", nameof(simulations));
        }

        foreach (var s in simulations)
        {
            s.Validate();
        }

        if (simulations.Any(s => s.IsOpen) && simulations.Any(s => s.IsClosed))
        {
            throw new ArgumentException($"scenario '{Name}' mixes open (Inject) and closed (KeepConstant) simulations", nameof(simulations));
        }

        if (simulations.Length > 1 && simulations.Any(s => s is IterationsForConstantPhase or IterationsForInjectPhase))
        {
            throw new ArgumentException($"scenario '{Name}': an IterationsFor* simulation must be the only one", nameof(simulations));
        }

        Simulations = simulations;
        return this;
    }

    public Scenario WithInit(Func<ScenarioInitContext, Task> init)
    {
        Init = init;
        return this;
    }

    public Scenario WithClean(Func<ScenarioInitContext, Task> clean)
    {
        Clean = clean;
        return this;
    }

    public Scenario WithMaxInFlight(int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        MaxInFlight = maxInFlight;
        return this;
    }

    public Scenario WithIterationTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        IterationTimeout = timeout;
        return this;
    }

    public Scenario WithPercentiles(params double[] percentiles)
    {
        ArgumentNullException.ThrowIfNull(percentiles);
        foreach (var p in percentiles)
        {
            if (p is <= 0 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(percentiles), p, $"percentile must be in (0, 100], got {p}");
            }
        }

        Percentiles = [.. percentiles.Order()];
        return this;
    }

    public Scenario WithThresholds(params Threshold[] thresholds)
    {
        Thresholds = [.. Thresholds, .. thresholds];
        return this;
    }

    public Scenario WithSeed(int seed)
    {
        Seed = seed;
        return this;
    }
}
