namespace SocketBench.Load.Target;

/// <summary>
/// The server's stderr as the runner keeps it: how many lines so far (one per client error, by the
/// server contract) and the last <see cref="Keep"/> of them, in constant memory however long the run.
/// </summary>
internal sealed class ServerLog
{
    private const int Keep = 200;
    private readonly Queue<string> _last = new();
    private long _lines;

    /// <summary>Gets the number of lines so far.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Gets the last lines kept, joined by newlines.</summary>
    public string Recent
    {
        get
        {
            lock (_last)
            {
                return string.Join('\n', _last);
            }
        }
    }

    /// <summary>Gets the last <paramref name="count"/> lines.</summary>
    public IReadOnlyList<string> Last(int count)
    {
        lock (_last)
        {
            return [.. _last.Skip(Math.Max(0, _last.Count - count))];
        }
    }

    /// <summary>Reads <paramref name="stderr"/> to its end (the child's stderr reader).</summary>
    public async Task ReadAsync(Stream stderr)
    {
        using var reader = new StreamReader(stderr);
        try
        {
            for (var line = await reader.ReadLineAsync().ConfigureAwait(false); line is not null; line = await reader.ReadLineAsync().ConfigureAwait(false))
            {
                Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us (the server was disposed): what was read is kept.
        }
    }

    internal void Add(string line)
    {
        Interlocked.Increment(ref _lines);
        lock (_last)
        {
            _last.Enqueue(line);
            while (_last.Count > Keep)
            {
                _last.Dequeue();
            }
        }
    }
}
