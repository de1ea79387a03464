namespace SocketBench.Load;

/// <summary>Pause.</summary>
public sealed record PausePhase(TimeSpan Duration) : Simulation
{
    public override TimeSpan? During => Duration;

    public override bool IsOpen => false;

    public override bool IsClosed => false;

    public override string ToString() => $"Pause(during: {Duration.TotalSeconds:0.###}s)";

    internal override void Validate() => Positive(Duration, nameof(Duration));
}
