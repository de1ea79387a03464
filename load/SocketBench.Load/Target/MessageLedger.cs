namespace SocketBench.Load.Target;

/// <summary>
/// What every load client sent and what the server printed, per message id. Clients write their
/// side (lock-free, one entry each); the single <see cref="OutputParser"/> writes the delivery side,
/// the position in the output included. Entries live in fixed chunks allocated on demand, so
/// recording allocates nothing per message and takes no lock.
/// </summary>
internal sealed class MessageLedger
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int MaxChunks = 1024;
    private readonly Entry[]?[] _chunks = new Entry[MaxChunks][];
    private readonly Lock _chunkLock = new();
    private long _next;
    private long _deliveries;
    private long _unknown;
    private long _malformed;
    private long _strayBytes;

    /// <summary>What the client knows about its message.</summary>
    public enum Outcome : byte
    {
        None,
        Confirmed,
        FailedAfterSend,
        FailedPartial,
        FailedBeforeSend,
    }

    public long Issued => Volatile.Read(ref _next);

    public long Unknown => Volatile.Read(ref _unknown);

    public long Malformed => Volatile.Read(ref _malformed);

    public long StrayBytes => Volatile.Read(ref _strayBytes);

    /// <summary>Gets a new message id.</summary>
    public long NextId() => Interlocked.Increment(ref _next) - 1;

    public void Sent(long id, ulong fingerprint, long length)
    {
        ref var e = ref At(id);
        e.SentFingerprint = fingerprint;
        e.Length = length;
    }

    public void Finish(long id, Outcome outcome) => At(id).Client = outcome;

    public Outcome ClientOutcome(long id) => At(id).Client;

    /// <summary>Parser side: a whole frame arrived.</summary>
    public void Delivered(long id, ulong fingerprint, long length)
    {
        if (id < 0 || id >= Issued)
        {
            Interlocked.Increment(ref _unknown);
            return;
        }

        ref var e = ref At(id);
        e.DeliveredFingerprint = fingerprint;
        e.DeliveredLength = length;
        var position = Interlocked.Increment(ref _deliveries) - 1;
        if (Volatile.Read(ref e.Delivered) == 0)
        {
            // One parser writes deliveries: the position is set before the count says it exists.
            Volatile.Write(ref e.Position, position);
        }

        Interlocked.Increment(ref e.Delivered);
    }

    /// <summary>Parser side: a frame was cut short (its client reset mid-message).</summary>
    public void Truncated(long id)
    {
        if (id >= 0 && id < Issued)
        {
            Interlocked.Increment(ref At(id).Truncated);
        }
        else
        {
            Interlocked.Increment(ref _unknown);
        }
    }

    public void Malformation() => Interlocked.Increment(ref _malformed);

    public void Stray(long bytes) => Interlocked.Add(ref _strayBytes, bytes);

    public int DeliveredCount(long id) => Volatile.Read(ref At(id).Delivered);

    /// <summary>Gets the position of each delivered id in the server's output (counting every whole frame; the first delivery when duplicated).</summary>
    public Dictionary<long, long> DeliveryPositions(IEnumerable<long> ids)
    {
        var positions = new Dictionary<long, long>();
        foreach (var id in ids)
        {
            if (id >= 0 && id < Issued && DeliveredCount(id) > 0)
            {
                positions.TryAdd(id, Volatile.Read(ref At(id).Position));
            }
        }

        return positions;
    }

    /// <summary>Checks ids in [from, to): every confirmed message whole exactly once, nothing twice.</summary>
    public DeliveryReport Verify(long from, long to, IReadOnlySet<long>? exclude = null)
    {
        long confirmed = 0, whole = 0, lost = 0, duplicated = 0, corrupt = 0, late = 0, truncated = 0, failed = 0;
        for (var id = from; id < to; id++)
        {
            if (exclude?.Contains(id) == true)
            {
                continue;
            }

            ref var e = ref At(id);
            var delivered = Volatile.Read(ref e.Delivered);
            truncated += Volatile.Read(ref e.Truncated) > 0 ? 1 : 0;
            duplicated += delivered > 1 ? 1 : 0;
            var intact = delivered >= 1 && e.DeliveredFingerprint == e.SentFingerprint && e.DeliveredLength == e.Length;
            if (e.Client == Outcome.Confirmed)
            {
                confirmed++;
                whole += delivered == 1 && intact ? 1 : 0;
                lost += delivered == 0 ? 1 : 0;
                corrupt += delivered >= 1 && !intact ? 1 : 0;
            }
            else
            {
                failed++;
                late += delivered >= 1 ? 1 : 0;
                corrupt += delivered >= 1 && e.Client == Outcome.FailedAfterSend && !intact ? 1 : 0;
            }
        }

        return new DeliveryReport(to - from, confirmed, whole, lost, duplicated, corrupt, failed, late, truncated, Unknown, Malformed);
    }

    private ref Entry At(long id)
    {
        var c = (int)(id >> ChunkBits);
        if ((uint)c >= MaxChunks)
        {
            throw new InvalidOperationException($"message id {id} beyond the ledger's {MaxChunks * (long)ChunkSize} entries");
        }

        var chunk = Volatile.Read(ref _chunks[c]);
        if (chunk is null)
        {
            lock (_chunkLock)
            {
                chunk = _chunks[c] ??= new Entry[ChunkSize];
            }
        }

        return ref chunk[id & (ChunkSize - 1)];
    }

    private struct Entry
    {
        public ulong SentFingerprint;
        public ulong DeliveredFingerprint;
        public long Length;
        public long DeliveredLength;
        public long Position;
        public int Delivered;
        public int Truncated;
        public Outcome Client;
    }
}

/// <summary>The delivery check of a range of messages.</summary>
internal sealed record DeliveryReport(
    long Messages, long Confirmed, long ConfirmedWhole, long Lost, long Duplicated, long Corrupt, long Failed, long LateDelivered, long Truncated, long UnknownFrames, long Malformed)
{
    /// <summary>Gets a value indicating whether every confirmed message arrived whole exactly once and nothing arrived twice or damaged.</summary>
    public bool ExactlyOnce => Confirmed == ConfirmedWhole && Duplicated == 0 && Corrupt == 0 && UnknownFrames == 0 && Malformed == 0;

    public override string ToString() =>
        $"{ConfirmedWhole}/{Confirmed} confirmed messages whole exactly once; lost {Lost}, duplicated {Duplicated}, corrupt {Corrupt}; " +
        $"failed clients {Failed} (of which delivered late {LateDelivered}, truncated by reset {Truncated}); unknown frames {UnknownFrames}, malformed {Malformed}";
}
