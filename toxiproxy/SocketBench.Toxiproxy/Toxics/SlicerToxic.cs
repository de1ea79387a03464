namespace SocketBench.Toxiproxy.Toxics;

/// <summary>
/// Cuts each chunk into pieces of about <c>average_size</c> ± <c>size_variation</c> bytes by recursive
/// bisection and sends them in order, sleeping <c>delay</c> µs after each piece.
/// <code>
///   Input ──chunk──▶ [piece, sleep(delay µs)]* ──▶ Output
/// </code>
/// Inputs that crash Toxiproxy (<c>average_size &lt; 1</c>, <c>size_variation &gt; average_size</c>, negatives)
/// are refused by <see cref="Validate"/>. On interrupt the unsent rest goes out as one piece.
/// </summary>
internal sealed class SlicerToxic(ToxicSettings settings) : Toxic(settings)
{
    /// <summary>Wire name.</summary>
    public const string TypeName = "slicer";

    /// <summary>Registry entry.</summary>
    public static ToxicDefinition Definition { get; } = new(
        TypeName,
        "SlicerToxic",
        [new("average_size", "int"), new("size_variation", "int"), new("delay", "int")],
        s => new SlicerToxic(s),
        Validate);

    /// <summary>Mean piece size (wire <c>average_size</c>).</summary>
    public long AverageSizeBytes => Attribute(0);

    /// <summary>Maximum deviation from the mean (wire <c>size_variation</c>).</summary>
    public long SizeVariationBytes => Attribute(1);

    /// <summary>Pause after each piece (wire <c>delay</c>, microseconds).</summary>
    public long DelayMicroseconds => Attribute(2);

    /// <summary>Refuses values that would make the bisection loop forever or cut outside the chunk.</summary>
    public static string? Validate(IReadOnlyList<long> values)
    {
        if (values[0] < 1 || values[0] > int.MaxValue)
        {
            return $"slicer: average_size must be between 1 and {int.MaxValue}, got {values[0]}";
        }

        if (values[1] < 0 || values[1] > values[0])
        {
            return $"slicer: size_variation must be between 0 and average_size ({values[0]}), got {values[1]}";
        }

        return values[2] < 0 ? $"slicer: delay must be at least 0 microseconds, got {values[2]}" : null;
    }

    /// <summary>Piece boundaries for a span of <paramref name="length"/> bytes: [0, b1, ..., length].</summary>
    public List<int> Boundaries(int length, Random random)
    {
        var result = new List<int> { 0 };
        Bisect(0, length, random, result);
        return result;
    }

    /// <inheritdoc />
    public override async Task<PipeResult> PipeAsync(ToxicStub stub, CancellationToken interrupt)
    {
        var delay = TimeSpan.FromTicks(DelayMicroseconds * TimeSpan.TicksPerMicrosecond);
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

            var bounds = Boundaries(chunk.Count, stub.Random);
            for (var i = 1; i < bounds.Count; i++)
            {
                var last = i == bounds.Count - 1;
                await stub.WriteAsync(chunk.Slice(bounds[i - 1], bounds[i] - bounds[i - 1], last)).ConfigureAwait(false);
                if (!await stub.SleepAsync(delay, interrupt).ConfigureAwait(false))
                {
                    if (!last)
                    {
                        await stub.WriteAsync(chunk.Slice(bounds[i], chunk.Count - bounds[i], true)).ConfigureAwait(false);
                    }

                    return PipeResult.Interrupted;
                }
            }
        }
    }

    private void Bisect(int start, int end, Random random, List<int> result)
    {
        var average = (int)AverageSizeBytes;
        var variation = (int)SizeVariationBytes;
        if (end - start - average <= variation)
        {
            result.Add(end);
            return;
        }

        var mid = start + ((end - start) / 2);
        if (variation > 0)
        {
            mid += random.Next(variation * 2) - variation;
            mid = Math.Clamp(mid, start + 1, end - 1);
        }

        Bisect(start, mid, random, result);
        Bisect(mid, end, random, result);
    }
}
