namespace SocketBench.Load;

/// <summary>KeepConstant or RampingConstant.</summary>
public sealed record ConstantPhase(int Copies, TimeSpan Duration, bool Ramping) : Simulation
{
    public override TimeSpan? During => Duration;

    public override bool IsOpen => false;

    public override bool IsClosed => true;

    public override string ToString() => $"{(Ramping ? "RampingConstant" : "KeepConstant")}(copies: {Copies}, during: {Duration.TotalSeconds:0.###}s)";

    internal override void Validate()
    {
        NotNegative(Copies, nameof(Copies));
        Positive(Duration, nameof(Duration));
    }
}
