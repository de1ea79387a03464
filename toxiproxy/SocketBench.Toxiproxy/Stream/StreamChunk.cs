using System.Buffers;

namespace SocketBench.Toxiproxy.Stream;

/// <summary>
/// A slice of bytes read from one socket, stamped with its arrival time.
/// <code>
///   reader ──StreamChunk──▶ stub ──▶ stub ──▶ writer ──▶ socket
/// </code>
/// A chunk owns its pooled array only when <see cref="OwnsArray"/> is set: a toxic that cuts a chunk
/// into pieces (slicer, bandwidth) hands ownership to the last piece, so the writer, which sends the
/// pieces in order, returns the array exactly once. A toxic that drops a chunk just forgets it.
/// </summary>
internal readonly record struct StreamChunk(byte[] Array, int Offset, int Count, long Timestamp, bool OwnsArray)
{
    private static readonly byte[] Empty = [];

    /// <summary>The marker a reader sends through an emptied chain to take the link back to a direct copy.</summary>
    public static StreamChunk Handoff { get; } = new(Empty, 0, -1, 0, false);

    /// <summary>True for the <see cref="Handoff"/> marker.</summary>
    public bool IsHandoff => Count < 0;

    /// <summary>The bytes of the chunk.</summary>
    public ReadOnlyMemory<byte> Memory => Array.AsMemory(Offset, Count);

    /// <summary>Copies <paramref name="source"/> into a pooled array.</summary>
    public static StreamChunk Copy(ReadOnlySpan<byte> source, long timestamp)
    {
        var array = ArrayPool<byte>.Shared.Rent(source.Length);
        source.CopyTo(array);
        return new StreamChunk(array, 0, source.Length, timestamp, true);
    }

    /// <summary>
    /// A piece of this chunk. It owns the array only when <paramref name="ownsArray"/> is set and this
    /// chunk owned it: a toxic that cuts a chunk passes true for the last piece only.
    /// </summary>
    public StreamChunk Slice(int start, int length, bool ownsArray) =>
        new(Array, Offset + start, length, Timestamp, ownsArray && OwnsArray);

    /// <summary>Returns the array to the pool if this chunk owns it; call once the bytes are sent.</summary>
    public void Release()
    {
        if (OwnsArray)
        {
            ArrayPool<byte>.Shared.Return(Array);
        }
    }
}
