namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Forwards until <c>bytes</c> bytes have passed on this link, cuts the crossing chunk and closes.
/// The count survives interrupts and updates and resets only for a new link. Reaching the limit closes
/// the whole connection (both directions), as in Toxiproxy; a source that closes before the limit only
/// ends this direction (a half-close, when the proxy passes those through).
/// <code>
///   Input ──chunk[..remaining]──▶ Output;  remaining == 0 ──▶ Output closed
/// </code>
/// </summary>
internal sealed class LimitDataToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "limit_data";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName, "LimitDataToxic", [new("bytes")], s => new LimitDataToxic(s));

    /// <summary>Bytes allowed through per link (wire <c>bytes</c>).</summary>
    public long Bytes => Attribute(0);

    /// <inheritdoc />
    public override object? CreateState() => new LimitDataState();

    /// <inheritdoc />
    public override async Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt)
    {
        var state = (LimitDataState)stub.State!;
        while (true)
        {
            var (status, chunk) = await stub.ReadAsync(interrupt).ConfigureAwait(false);
            if (status == ReadStatus.Interrupted)
            {
                return PipeResult.Interrupted;
            }

            if (status == ReadStatus.Closed)
            {
                return stub.Close();
            }

            var remaining = Math.Max(0, Bytes - state.Transmitted);
            if (remaining < chunk.Count)
            {
                chunk = chunk.Slice(0, (int)remaining, ownsArray: true);
            }

            if (chunk.Count > 0)
            {
                await stub.WriteAsync(chunk).ConfigureAwait(false);
                state.Transmitted += chunk.Count;
            }

            if (Bytes - state.Transmitted <= 0)
            {
                return stub.CloseConnection();
            }
        }
    }

    private sealed class LimitDataState
    {
        public long Transmitted { get; set; }
    }
}
