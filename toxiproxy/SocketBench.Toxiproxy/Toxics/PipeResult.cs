namespace SocketBench.Toxiproxy.Toxics;

/// <summary>How a toxic's pipe loop ended.</summary>
internal enum PipeResult
{
    /// <summary>The input closed and the close was passed on (or the toxic closed the link itself).</summary>
    Closed,

    /// <summary>The stub was interrupted; it may be restarted with the same or another toxic.</summary>
    Interrupted,
}
