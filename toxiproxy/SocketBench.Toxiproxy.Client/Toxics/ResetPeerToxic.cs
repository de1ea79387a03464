using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Resets (TCP RST) the connection <see cref="TimeoutMilliseconds"/> after the first data.</summary>
public sealed record ResetPeerToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "reset_peer";

    /// <summary>Delay before the reset (wire <c>timeout</c>).</summary>
    public long? TimeoutMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => Wire(("timeout", TimeoutMilliseconds));

    internal static ResetPeerToxic Read(ToxicInfo info) => new() { TimeoutMilliseconds = info.GetInt64("timeout") };
}
