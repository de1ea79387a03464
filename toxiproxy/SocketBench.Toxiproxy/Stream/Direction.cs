namespace SocketBench.Toxiproxy.Stream;

/// <summary>
/// The direction a link carries bytes in.
/// <code>
///   client ──Upstream──▶ proxy ──▶ upstream server
///   client ◀──Downstream── proxy ◀── upstream server
/// </code>
/// </summary>
public enum Direction
{
    /// <summary>Client to server.</summary>
    Upstream,

    /// <summary>Server to client (Toxiproxy's default stream).</summary>
    Downstream,
}
