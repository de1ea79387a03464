namespace SocketBench.Toxiproxy;

/// <summary>How a finished link passes its end on to its destination socket.</summary>
internal enum LinkEnd
{
    /// <summary>
    /// The source ended cleanly: <c>shutdown(SHUT_WR)</c> on the destination, the other direction keeps
    /// flowing until its own end (the default, so a proxy without toxics is transparent).
    /// </summary>
    HalfClose,

    /// <summary>
    /// Close the destination fully (FIN), so the other direction ends too: Toxiproxy's behaviour for every
    /// end, and ours for failures and for toxics that close the connection (timeout, limit_data).
    /// </summary>
    Close,

    /// <summary>A socket was reset: reset both sockets (RST), so the peers see what happened.</summary>
    Reset,
}
