namespace SocketBench.Server;

/// <summary>Where one client's bytes go as they arrive: stdout itself (sequential) or a <see cref="Spool"/> (concurrent).</summary>
internal interface IMessageTarget
{
    /// <summary>Takes all of <paramref name="bytes"/>; the caller reuses the buffer afterwards.</summary>
    void Append(ReadOnlySpan<byte> bytes);
}
