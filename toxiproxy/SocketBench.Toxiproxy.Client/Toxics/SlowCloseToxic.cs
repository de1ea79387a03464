namespace SocketBench.Toxiproxy.Client;

/// <summary>Delays the close by <see cref="DelayMilliseconds"/>; data passes unchanged.</summary>
public sealed record SlowCloseToxic : ToxicSpec
{
    /// <summary>Delay before the close (wire <c>delay</c>).</summary>
    public long DelayMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => "slow_close";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() =>
        new Dictionary<string, long> { ["delay"] = DelayMilliseconds };
}
