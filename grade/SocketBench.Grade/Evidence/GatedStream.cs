namespace SocketBench.Grade.Evidence;

/// <summary>
/// A client's stdin that gives the first part of a message at once and the rest only when a shared
/// gate opens: clients that start together are then all mid-message at the same moment, so a
/// server that serves them concurrently interleaves them for certain, not by the scheduler's luck.
/// </summary>
internal sealed class GatedStream(byte[] message, int split, Task gate) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => message.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == split)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var end = _position < split ? split : message.Length;
        var n = Math.Min(buffer.Length, end - _position);
        message.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
