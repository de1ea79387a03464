namespace SocketBench.Toxiproxy.Toxics;

/// <summary>The outcome of <see cref="ToxicStub.ReadAsync"/>.</summary>
internal enum ReadStatus
{
    /// <summary>A chunk was read.</summary>
    Chunk,

    /// <summary>The input completed: the source closed.</summary>
    Closed,

    /// <summary>The interrupt token fired.</summary>
    Interrupted,
}
