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

    private protected static void Positive(long value, string name)
    {
        if (value <= 0)
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
