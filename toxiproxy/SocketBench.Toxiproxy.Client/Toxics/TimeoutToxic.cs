using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>Drops all data; closes after <see cref="TimeoutMilliseconds"/> without traffic (0: never).</summary>
public sealed record TimeoutToxic : ToxicSpec
{
    /// <summary>The wire type name.</summary>
    public const string TypeName = "timeout";

    /// <summary>Idle time before the close (wire <c>timeout</c>).</summary>
    public long? TimeoutMilliseconds { get; init; }

    /// <inheritdoc />
    public override string Type => TypeName;

    internal override IReadOnlyDictionary<string, JsonElement> WireAttributes() => Wire(("timeout", TimeoutMilliseconds));

    internal static TimeoutToxic Read(ToxicInfo info) => new() { TimeoutMilliseconds = info.GetInt64("timeout") };
}
