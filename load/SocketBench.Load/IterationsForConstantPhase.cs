namespace SocketBench.Load;

/// <summary>IterationsForConstant.</summary>
public sealed record IterationsForConstantPhase(int Copies, long Iterations) : Simulation
{
    public override TimeSpan? During => null;

    public override bool IsOpen => false;

    public override bool IsClosed => true;

    public override string ToString() => $"IterationsForConstant(copies: {Copies}, iterations: {Iterations})";

    internal override void Validate()
    {
        Positive(Copies, nameof(Copies));
        NotNegative(Iterations, nameof(Iterations));
    }
}
