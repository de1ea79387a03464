namespace SocketBench.Toxiproxy.Toxics;

/// <summary>What a stub needs from its link.</summary>
internal interface IStubHost
{
    /// <summary>Clock, log and seed source of the connection.</summary>
    LinkContext Context { get; }

    /// <summary>Cancelled when the link is torn down.</summary>
    CancellationToken Lifetime { get; }

    /// <summary>Closes the whole connection at once (both sockets).</summary>
    void CloseConnection();

    /// <summary>Closes the whole connection at once with a TCP RST on both sockets.</summary>
    void ResetConnection();

    /// <summary>
    /// Marks the link's coming end (when the writer reaches the close) as a close of the whole connection
    /// rather than a half-close: what timeout and limit_data do when they fire.
    /// </summary>
    void RequestClose();
}
