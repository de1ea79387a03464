namespace SocketBench.Toxiproxy.Toxics;

/// <summary>What a stub needs from its link.</summary>
internal interface IStubHost
{
    /// <summary>Time source for delays and timestamps.</summary>
    TimeProvider Time { get; }

    /// <summary>Cancelled when the link is torn down.</summary>
    CancellationToken Lifetime { get; }

    /// <summary>Draws a seed for a stub's random source.</summary>
    int NextSeed();

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
