namespace SocketBench.Load;

/// <summary>
/// One load phase, with NBomber's names. Open phases (<see cref="Inject"/>, <see cref="RampingInject"/>,
/// <see cref="IterationsForInject"/>) fix the arrival rate: arrivals ignore how fast the system is.
/// Closed phases (<see cref="KeepConstant"/>, <see cref="RampingConstant"/>,
/// <see cref="IterationsForConstant"/>) fix the number of concurrent copies, each looping
/// iterations back to back. <see cref="Pause"/> fits either. A scenario uses one family only, and an
/// <c>IterationsFor*</c> phase must be the scenario's only phase.
/// </summary>
public abstract record Simulation
{
    private protected Simulation()
    {
    }

    /// <summary>Gets the phase's duration, or null for an iteration-bounded phase.</summary>
    public abstract TimeSpan? During { get; }

    /// <summary>Gets a value indicating whether the phase is open-model.</summary>
    public abstract bool IsOpen { get; }

    /// <summary>Gets a value indicating whether the phase is closed-model.</summary>
    public abstract bool IsClosed { get; }

    /// <summary>On every <paramref name="interval"/>, start <paramref name="rate"/> one-shot iterations, spread uniformly over the interval.</summary>
    public static Simulation Inject(int rate, TimeSpan interval, TimeSpan during) => new InjectPhase(rate, interval, during, Ramping: false);

    /// <summary>Like <see cref="Inject"/>, the per-interval rate going linearly from the previous phase's rate to <paramref name="rate"/>.</summary>
    public static Simulation RampingInject(int rate, TimeSpan interval, TimeSpan during) => new InjectPhase(rate, interval, during, Ramping: true);

    /// <summary>Inject <paramref name="rate"/> per interval until <paramref name="iterations"/> arrivals in total.</summary>
    public static Simulation IterationsForInject(int rate, TimeSpan interval, long iterations) => new IterationsForInjectPhase(rate, interval, iterations);

    /// <summary>Keep <paramref name="copies"/> copies looping iterations for <paramref name="during"/>.</summary>
    public static Simulation KeepConstant(int copies, TimeSpan during) => new ConstantPhase(copies, during, Ramping: false);

    /// <summary>Ramp the copy count linearly from the previous phase's count to <paramref name="copies"/>, recomputed every ramp step.</summary>
    public static Simulation RampingConstant(int copies, TimeSpan during) => new ConstantPhase(copies, during, Ramping: true);

    /// <summary>Run <paramref name="copies"/> looping copies until <paramref name="iterations"/> iterations in total have started.</summary>
    public static Simulation IterationsForConstant(int copies, long iterations) => new IterationsForConstantPhase(copies, iterations);

    /// <summary>Idle (closed copies stop) for <paramref name="during"/>.</summary>
    public static Simulation Pause(TimeSpan during) => new PausePhase(during);

    /// <summary>Throws when the phase's own values are out of range.</summary>
    internal abstract void Validate();

    private protected static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}");
        }
    }

    private protected static void NotNegative(long value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0 or more, got {value}");
        }
    }
}

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

/// <summary>IterationsForInject.</summary>
public sealed record IterationsForInjectPhase(int Rate, TimeSpan Interval, long Iterations) : Simulation
{
    public override TimeSpan? During => null;

    public override bool IsOpen => true;

    public override bool IsClosed => false;

    public override string ToString() => $"IterationsForInject(rate: {Rate}, interval: {Interval.TotalSeconds:0.###}s, iterations: {Iterations})";

    internal override void Validate()
    {
        if (Rate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, $"rate must be positive, got {Rate}");
        }

        Positive(Interval, nameof(Interval));
        NotNegative(Iterations, nameof(Iterations));
    }
}

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

/// <summary>IterationsForConstant.</summary>
public sealed record IterationsForConstantPhase(int Copies, long Iterations) : Simulation
{
    public override TimeSpan? During => null;

    public override bool IsOpen => false;

    public override bool IsClosed => true;

    public override string ToString() => $"IterationsForConstant(copies: {Copies}, iterations: {Iterations})";

    internal override void Validate()
    {
        if (Copies <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Copies), Copies, $"copies must be positive, got {Copies}");
        }

        NotNegative(Iterations, nameof(Iterations));
    }
}

/// <summary>Pause.</summary>
public sealed record PausePhase(TimeSpan Duration) : Simulation
{
    public override TimeSpan? During => Duration;

    public override bool IsOpen => false;

    public override bool IsClosed => false;

    public override string ToString() => $"Pause(during: {Duration.TotalSeconds:0.###}s)";

    internal override void Validate() => Positive(Duration, nameof(Duration));
}
