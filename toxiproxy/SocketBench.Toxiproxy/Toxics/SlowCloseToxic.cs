namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Passes data unchanged; when the source closes, waits <c>delay</c> ms before passing the close on.
/// <code>
///   Input ──chunk──▶ Output
///   Input closed ──▶ wait(delay) ──▶ Output closed
/// </code>
/// </summary>
internal sealed class SlowCloseToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "slow_close";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName, "SlowCloseToxic", [new("delay")], s => new SlowCloseToxic(s));

    /// <summary>Delay before the close is passed on (wire <c>delay</c>).</summary>
    public long DelayMilliseconds => Attribute(0);

    /// <inheritdoc />
    public override async Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt)
    {
        while (true)
        {
            var (status, chunk) = await stub.ReadAsync(interrupt).ConfigureAwait(false);
            if (status == ReadStatus.Interrupted)
            {
                return PipeResult.Interrupted;
            }

            if (status == ReadStatus.Chunk)
            {
                await stub.WriteAsync(chunk).ConfigureAwait(false);
                continue;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, DelayMilliseconds)), stub.Time, interrupt)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return PipeResult.Interrupted;
            }

            return stub.Close();
        }
    }
}
