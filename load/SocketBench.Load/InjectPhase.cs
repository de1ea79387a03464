namespace SocketBench.Load;

/// <summary>Inject or RampingInject.</summary>
public sealed record InjectPhase(int Rate, TimeSpan Interval, TimeSpan Duration, bool Ramping) : Simulation
{
    public override TimeSpan? During => Duration;

    public override bool IsOpen => true;

    public override bool IsClosed => false;

    public override string ToString() => $"{(Ramping ? "RampingInject" : "Inject")}(rate: {Rate}, interval: {Interval.TotalSeconds:0.###}s, during: {Duration.TotalSeconds:0.###}s)";

    internal override void Validate()
    {
        NotNegative(Rate, nameof(Rate));
        Positive(Interval, nameof(Interval));
        Positive(Duration, nameof(Duration));
        if (Interval > Duration)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, $"interval {Interval} must not exceed during {Duration}");
        }
    }
}
