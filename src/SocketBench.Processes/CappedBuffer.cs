namespace SocketBench.Processes;

/// <summary>
/// Bytes a child wrote to one stream, kept up to a cap; everything past the cap is counted but
/// dropped, so a program that prints gigabytes costs the reader no more than the cap.
/// Thread-safe: one pump writes, any thread reads.
/// </summary>
public sealed class CappedBuffer
{
    private readonly MemoryStream _kept = new();
    private readonly long _cap;
    private long _total;

    public CappedBuffer(long capBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capBytes);
        _cap = capBytes;
    }

    /// <summary>Bytes seen, including those past the cap.</summary>
    public long TotalBytes => Interlocked.Read(ref _total);

    /// <summary>True when bytes were dropped at the cap.</summary>
    public bool Truncated => TotalBytes > _cap;

    /// <summary>The cap in bytes.</summary>
    public long CapBytes => _cap;

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_kept)
        {
            var room = (int)Math.Min(data.Length, Math.Max(0, _cap - _kept.Length));
            _kept.Write(data[..room]);
            _total += data.Length;
        }
    }

    /// <summary>A copy of the kept bytes.</summary>
    public byte[] ToArray()
    {
        lock (_kept)
        {
            return _kept.ToArray();
        }
    }

    /// <summary>The kept bytes as UTF-8 text (invalid sequences replaced).</summary>
    public string Text()
    {
        lock (_kept)
        {
            return System.Text.Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        }
    }
}
