namespace SocketBench.Toxiproxy.Pumps;

/// <summary>What the link's reader does next.</summary>
internal enum PumpMode
{
    /// <summary>Copy through the pooled buffer (no toxics).</summary>
    Direct,

    /// <summary>Move bytes inside the kernel (no toxics, bulk traffic, Linux).</summary>
    Splice,

    /// <summary>Feed the toxic chain.</summary>
    Chain,

    /// <summary>The source ended: stop reading.</summary>
    EndOfStream,
}
