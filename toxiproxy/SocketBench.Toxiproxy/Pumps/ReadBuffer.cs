using System.Buffers;

namespace SocketBench.Toxiproxy.Pumps;

/// <summary>
/// A link reader's pooled buffer: starts small and doubles after each read that fills it, so bulk
/// transfers take fewer syscalls while idle and chatty links keep a small buffer.
/// </summary>
internal sealed class ReadBuffer : IDisposable
{
    /// <summary>Rents the starting buffer.</summary>
    public ReadBuffer() => Array = ArrayPool<byte>.Shared.Rent(ToxiproxyConstants.MinReadBuffer);

    /// <summary>The current array (its length may exceed the size asked for).</summary>
    public byte[] Array { get; private set; }

    /// <summary>True once a read of <paramref name="count"/> bytes filled the largest buffer: bulk traffic.</summary>
    public static bool IsBulk(int count) => count >= ToxiproxyConstants.MaxReadBuffer;

    /// <summary>Grows after a read of <paramref name="count"/> bytes filled the buffer; call between reads.</summary>
    public void GrowIfFilled(int count)
    {
        if (count == Array.Length && Array.Length < ToxiproxyConstants.MaxReadBuffer)
        {
            var old = Array;
            Array = ArrayPool<byte>.Shared.Rent(old.Length * 2);
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    /// <inheritdoc />
    public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
}
