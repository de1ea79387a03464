namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Limits a direction to <c>rate</c> KB/s (KB = 1000 bytes) by keeping a sleep debt of
/// <c>len/rate</c> ms per chunk. Chunks longer than <c>rate*100</c> bytes go out as
/// <c>rate*100</c>-byte pieces, one every 100 ms.
/// <code>
///   Input ──▶ [piece every 100 ms]* ──▶ sleep(debt) ──▶ Output
/// </code>
/// <c>rate &lt;= 0</c> stalls the direction until the toxic is removed or updated (Toxiproxy behaviour).
/// </summary>
internal sealed class BandwidthToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "bandwidth";

    private static readonly TimeSpan PieceInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName, "BandwidthToxic", [new("rate")], s => new BandwidthToxic(s));

    /// <summary>Rate in kilobytes (1000 B) per second (wire <c>rate</c>).</summary>
    public long RateKilobytesPerSecond => Attribute(0);

    /// <inheritdoc />
    public override async Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt)
    {
        var debt = TimeSpan.Zero;
        var rate = RateKilobytesPerSecond;
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

            if (rate <= 0)
            {
                await WaitForInterruptAsync(stub, interrupt).ConfigureAwait(false);
                await stub.WriteAsync(chunk).ConfigureAwait(false);
                return PipeResult.Interrupted;
            }

            debt += TimeSpan.FromTicks(chunk.Count * TimeSpan.TicksPerMillisecond / rate);
            var pieceSize = rate * 100;
            while (chunk.Count > pieceSize)
            {
                if (!await stub.SleepAsync(PieceInterval, interrupt).ConfigureAwait(false))
                {
                    await stub.WriteAsync(chunk).ConfigureAwait(false);
                    return PipeResult.Interrupted;
                }

                await stub.WriteAsync(chunk.Slice(0, (int)pieceSize, ownsArray: false)).ConfigureAwait(false);
                chunk = chunk.Slice((int)pieceSize, chunk.Count - (int)pieceSize, ownsArray: true);
                debt -= PieceInterval;
            }

            var start = stub.Time.GetTimestamp();
            if (!await stub.SleepAsync(debt, interrupt).ConfigureAwait(false))
            {
                await stub.WriteAsync(chunk).ConfigureAwait(false);
                return PipeResult.Interrupted;
            }

            debt -= stub.Time.GetElapsedTime(start);
            await stub.WriteAsync(chunk).ConfigureAwait(false);
        }
    }

    private static async Task WaitForInterruptAsync(ToxicStub stub, CancellationToken interrupt)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stub.Time, interrupt).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // interrupted: the caller forwards the held chunk
        }
    }
}
