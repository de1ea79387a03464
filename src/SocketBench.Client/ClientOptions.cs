namespace SocketBench.Client;

/// <summary>The client's settings, parsed from its command line (DESIGN.md section 3).</summary>
internal sealed record ClientOptions
{
    /// <summary>Server address: IPv4 or IPv6 literal (brackets allowed) or a host name.</summary>
    public string Host { get; init; } = "";

    /// <summary>Server port.</summary>
    /// <value>1..65535.</value>
    public int Port { get; init; }

    /// <summary>Connect retries after the first attempt, for retryable failures only.</summary>
    /// <value>Default 5; range 0..100. Back-off is exponential from 100 ms with jitter, capped at 2 s.</value>
    public int Retries { get; init; } = ClientConstants.DefaultRetries;

    /// <summary>Time allowed for one connect attempt (resolve + connect).</summary>
    /// <value>Default 5 s; range 0.01..3600 s.</value>
    public TimeSpan ConnectTimeout { get; init; } = ClientConstants.DefaultConnectTimeout;

    /// <summary>Size of the fixed stdin read buffer; memory use does not depend on the message size.</summary>
    /// <value>Default 65536; range 1..67108864.</value>
    public int ChunkSize { get; init; } = ClientConstants.DefaultChunkSize;

    /// <summary>After the half-close, how long to wait for the server to close.</summary>
    /// <value>Default 5 s; range 0.01..3600 s.</value>
    public TimeSpan DrainTimeout { get; init; } = ClientConstants.DefaultDrainTimeout;

    /// <summary>SO_SNDBUF for the socket (Linux doubles it and enforces a floor); small values force partial sends.</summary>
    /// <value>Default null: the kernel's default and autotuning; range 1024..67108864.</value>
    public int? SendBuffer { get; init; }

    /// <summary>Ask for the server's receipt and compare it with what was sent (DESIGN.md section 3a): exit 74 when it differs or none comes.</summary>
    public bool Receipt { get; init; }

    /// <summary>Print retry lines and the final stats line on stderr.</summary>
    public bool Verbose { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }

    /// <summary>Cap on all connect attempts plus back-off delays together.</summary>
    public TimeSpan OverallConnectTimeout =>
        (ConnectTimeout * (Retries + 1)) + (ClientConstants.BackoffMax * Retries) + TimeSpan.FromSeconds(1);
}
