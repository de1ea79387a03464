namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Delays each chunk by <c>latency ± jitter</c> ms, measured from the chunk's arrival, FIFO.
/// <code>
///   Input[1024] ──▶ wait(latency + r - waited) ──▶ Output      r uniform in [-jitter, jitter)
/// </code>
/// Stacked latency toxics add up because each one advances the chunk's timestamp by what it slept.
/// On interrupt the in-flight chunk goes out at once; on removal the queue is flushed without delay.
/// </summary>
internal sealed class LatencyToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "latency";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName, "LatencyToxic", [new("latency"), new("jitter")], s => new LatencyToxic(s));

    /// <summary>Base delay (wire <c>latency</c>).</summary>
    public long LatencyMilliseconds => Attribute(0);

    /// <summary>Jitter bound (wire <c>jitter</c>).</summary>
    public long JitterMilliseconds => Attribute(1);

    /// <inheritdoc />
    public override int BufferSize => ToxiproxyConstants.LatencyBufferChunks;

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

            if (status == ReadStatus.Closed)
            {
                return stub.Close();
            }

            var sleep = Delay(stub) - stub.Time.GetElapsedTime(chunk.Timestamp);
            if (sleep > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(sleep, stub.Time, interrupt).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await stub.WriteAsync(chunk).ConfigureAwait(false);
                    return PipeResult.Interrupted;
                }

                chunk = chunk with { Timestamp = chunk.Timestamp + ToTimestampUnits(sleep, stub.Time) };
            }

            await stub.WriteAsync(chunk).ConfigureAwait(false);
        }
    }

    private TimeSpan Delay(ToxicStub stub)
    {
        var ms = LatencyMilliseconds;
        var jitter = JitterMilliseconds;
        if (jitter > 0)
        {
            ms += stub.Random.NextInt64(2 * jitter) - jitter;
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    private static long ToTimestampUnits(TimeSpan span, TimeProvider time) =>
        (long)(span.Ticks * ((double)time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
