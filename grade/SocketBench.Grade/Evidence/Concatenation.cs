namespace SocketBench.Grade.Evidence;

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
