namespace SocketBench.Grade.Evidence;

/// <summary>The bytes a program should produce, readable at any offset without holding them all (a 1 GiB pattern costs nothing).</summary>
public abstract class ExpectedBytes
{
    /// <summary>Gets the total length.</summary>
    public abstract long Length { get; }

    /// <summary>Copies bytes starting at <paramref name="offset"/> into <paramref name="destination"/>; returns how many (fewer only at the end).</summary>
    public abstract int CopyTo(long offset, Span<byte> destination);

    /// <summary>Where <paramref name="offset"/> falls: the message number (1-based) and the offset inside it, for evidence.</summary>
    public virtual (int Message, long Offset) Locate(long offset) => (1, offset);

    /// <summary>Several messages, one after the other (what a server prints for clients served in order).</summary>
    public static ExpectedBytes Of(params byte[][] messages) => new Concatenation(messages);
}

/// <summary>Messages in order.</summary>
internal sealed class Concatenation(byte[][] messages) : ExpectedBytes
{
    private readonly long[] _starts = Starts(messages);

    public override long Length => _starts[^1];

    public override int CopyTo(long offset, Span<byte> destination)
    {
        var written = 0;
        while (written < destination.Length && offset + written < Length)
        {
            var (index, inside) = Find(offset + written);
            var source = messages[index].AsSpan((int)inside);
            var n = Math.Min(source.Length, destination.Length - written);
            source[..n].CopyTo(destination[written..]);
            written += n;
        }

        return written;
    }

    public override (int Message, long Offset) Locate(long offset)
    {
        if (offset >= Length)
        {
            return (messages.Length, offset - _starts[^2]);
        }

        var (index, inside) = Find(offset);
        return (index + 1, inside);
    }

    private (int Index, long Inside) Find(long offset)
    {
        var i = Array.BinarySearch(_starts, offset);
        i = i >= 0 ? i : ~i - 1;

        // Skip empty messages that start at the same offset.
        while (i < messages.Length - 1 && _starts[i + 1] <= offset)
        {
            i++;
        }

        return (i, offset - _starts[i]);
    }

    private static long[] Starts(byte[][] messages)
    {
        var starts = new long[messages.Length + 1];
        for (var i = 0; i < messages.Length; i++)
        {
            starts[i + 1] = starts[i] + messages[i].Length;
        }

        return starts;
    }
}

/// <summary>
/// A long deterministic message: a random block of a prime length repeated, so a dropped, doubled
/// or reordered chunk shows at once, and any offset is computed, never stored.
/// </summary>
public sealed class PatternBytes : ExpectedBytes
{
    private const int BlockLength = 65521;
    private readonly byte[] _block;

    public PatternBytes(long length, int seed)
    {
        Length = length;
        _block = new byte[BlockLength];
        new Random(seed).NextBytes(_block);
    }

    public override long Length { get; }

    public override int CopyTo(long offset, Span<byte> destination)
    {
        var total = (int)Math.Min(destination.Length, Math.Max(0, Length - offset));
        var written = 0;
        while (written < total)
        {
            var at = (int)((offset + written) % BlockLength);
            var n = Math.Min(BlockLength - at, total - written);
            _block.AsSpan(at, n).CopyTo(destination[written..]);
            written += n;
        }

        return total;
    }

    /// <summary>A read-only stream of these bytes (a client's stdin for 1 GiB without a 1 GiB buffer).</summary>
    public Stream OpenRead() => new PatternStream(this);

    private sealed class PatternStream(PatternBytes source) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => source.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = source.CopyTo(_position, buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
