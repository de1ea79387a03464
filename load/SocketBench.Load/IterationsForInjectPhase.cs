namespace SocketBench.Load;

/// <summary>IterationsForInject.</summary>
public sealed record IterationsForInjectPhase(int Rate, TimeSpan Interval, long Iterations) : Simulation
{
    public override TimeSpan? During => null;

    public override bool IsOpen => true;

    public override bool IsClosed => false;

    public override string ToString() => $"IterationsForInject(rate: {Rate}, interval: {Interval.TotalSeconds:0.###}s, iterations: {Iterations})";

    internal override void Validate()
    {
        Positive(Rate, nameof(Rate));
        Positive(Interval, nameof(Interval));
        NotNegative(Iterations, nameof(Iterations));
    }
}
