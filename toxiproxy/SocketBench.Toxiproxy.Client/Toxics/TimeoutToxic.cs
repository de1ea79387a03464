namespace SocketBench.Toxiproxy.Client;

/// <summary>Drops all data; closes after <see cref="TimeoutMilliseconds"/> without traffic (0: never).</summary>
public sealed record TimeoutToxic : ToxicSpec
{
    /// <summary>Idle time before the close (wire <c>timeout</c>).</summary>
    public long TimeoutMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => "timeout";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() =>
        new Dictionary<string, long> { ["timeout"] = TimeoutMilliseconds };
}
