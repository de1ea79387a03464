namespace SocketBench.Grade.Evidence;

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
