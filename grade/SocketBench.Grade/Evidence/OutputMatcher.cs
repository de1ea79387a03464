namespace SocketBench.Grade.Evidence;

/// <summary>
/// Compares a program's output with the expected bytes as it streams in, keeping only what
/// evidence needs: the count, the first differing offset and a few bytes either side. A 1 GiB
/// output costs a 64 KiB buffer. One writer (the stdout pump), any readers.
/// </summary>
public sealed class OutputMatcher
{
    /// <summary>Bytes of context shown before the first difference.</summary>
    public const int ContextBefore = 16;

    /// <summary>Bytes shown from the first difference on.</summary>
    public const int ContextAfter = 32;

    private readonly Lock _gate = new();
    private readonly byte[] _scratch = new byte[64 * 1024];
    private readonly List<byte> _actualAfter = [];
    private long _received;
    private long? _firstDifference;

    public OutputMatcher(ExpectedBytes expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Expected = expected;
    }

    /// <summary>Gets the expected bytes.</summary>
    public ExpectedBytes Expected { get; }

    /// <summary>Gets the bytes received so far.</summary>
    public long Received
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>Gets whether at least the expected length has arrived.</summary>
    public bool Complete => Received >= Expected.Length;

    /// <summary>Gets whether everything so far matched and exactly the expected length arrived.</summary>
    public bool Matches
    {
        get
        {
            lock (_gate)
            {
                return _firstDifference is null && _received == Expected.Length;
            }
        }
    }

    /// <summary>Feeds output bytes in the order the program wrote them.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            while (!data.IsEmpty)
            {
                if (_firstDifference is not null)
                {
                    KeepAfter(data);
                    _received += data.Length;
                    return;
                }

                var n = Math.Min(data.Length, _scratch.Length);
                var expected = _scratch.AsSpan(0, Expected.CopyTo(_received, _scratch.AsSpan(0, n)));
                var common = data[..n].CommonPrefixLength(expected);
                if (common < n)
                {
                    _firstDifference = _received + common;
                    _received += common;
                    data = data[common..];
                    continue;
                }

                _received += n;
                data = data[n..];
            }
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end into <see cref="Append"/> (a ChildProcessOptions.StdoutReader).</summary>
    public async Task ReadAllAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                Append(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us: what was read counts.
        }
    }

    /// <summary>What differs, as evidence a student can act on; null when the output matches.</summary>
    public Mismatch? Describe()
    {
        lock (_gate)
        {
            long offset;
            if (_firstDifference is { } d)
            {
                offset = d;
            }
            else if (_received != Expected.Length)
            {
                offset = Math.Min(_received, Expected.Length);
            }
            else
            {
                return null;
            }

            var start = Math.Max(0, offset - ContextBefore);
            var before = new byte[offset - start];
            Expected.CopyTo(start, before);
            var expectedAfter = new byte[ContextAfter];
            var e = Expected.CopyTo(offset, expectedAfter);
            var actualAfter = _firstDifference is null && _received > Expected.Length
                ? [] // extra bytes past the end were not kept (no difference inside the expected range)
                : _actualAfter.ToArray();
            var (message, inside) = Expected.Locate(offset);
            return new Mismatch(offset, message, inside, before, expectedAfter[..e], actualAfter, _received, Expected.Length);
        }
    }

    private void KeepAfter(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length && _actualAfter.Count < ContextAfter; i++)
        {
            _actualAfter.Add(data[i]);
        }
    }
}
