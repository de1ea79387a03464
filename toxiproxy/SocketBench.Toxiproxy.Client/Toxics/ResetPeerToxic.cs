namespace SocketBench.Toxiproxy.Client;

/// <summary>Resets (TCP RST) the connection <see cref="TimeoutMilliseconds"/> after the first data.</summary>
public sealed record ResetPeerToxic : ToxicSpec
{
    /// <summary>Delay before the reset (wire <c>timeout</c>).</summary>
    public long TimeoutMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => "reset_peer";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, long> Attributes() =>
        new Dictionary<string, long> { ["timeout"] = TimeoutMilliseconds };
}
