namespace SocketBench.Toxiproxy.Client;

/// <summary>Which way a toxic acts.</summary>
public enum ToxicStream
{
    /// <summary>Server to client (the default).</summary>
    Downstream,

    /// <summary>Client to server.</summary>
    Upstream,
}
