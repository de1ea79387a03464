namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Drops every byte. With <c>timeout &gt; 0</c> the link closes after <c>timeout</c> ms without an
/// incoming chunk (each dropped chunk restarts the timer); with 0 it never closes.
/// <code>
///   Input ──chunk──▶ (dropped)          idle(timeout) ──▶ Output closed
/// </code>
/// The idle close ends the whole connection (both directions), even when the proxy passes half-closes
/// through; the source's own close is passed on as the end of this direction only. Removing it from a
/// live link closes the connection: bytes were lost, so the stream is corrupt.
/// </summary>
internal sealed class TimeoutToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "timeout";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName, "TimeoutToxic", [new("timeout")], s => new TimeoutToxic(s));

    /// <summary>Idle time before the close (wire <c>timeout</c>); 0 means never.</summary>
    public long TimeoutMilliseconds => Attribute(0);

    /// <inheritdoc />
    public override async Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt)
    {
        var timeout = TimeSpan.FromMilliseconds(TimeoutMilliseconds);
        while (true)
        {
            ReadStatus status;
            if (timeout > TimeSpan.Zero)
            {
                using var idle = new CancellationTokenSource(timeout, stub.Time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(interrupt, idle.Token);
                (status, _) = await stub.ReadAsync(either.Token).ConfigureAwait(false);
                if (status == ReadStatus.Interrupted && !interrupt.IsCancellationRequested)
                {
                    return stub.CloseConnection();
                }
            }
            else
            {
                (status, _) = await stub.ReadAsync(interrupt).ConfigureAwait(false);
            }

            if (status == ReadStatus.Interrupted)
            {
                return PipeResult.Interrupted;
            }

            if (status == ReadStatus.Closed)
            {
                return stub.Close();
            }
        }
    }

    /// <inheritdoc />
    public override void Cleanup(ToxicStub stub) => stub.Host.CloseConnection();
}
