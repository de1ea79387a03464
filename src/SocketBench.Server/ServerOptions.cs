using System.Net;

namespace SocketBench.Server;

/// <summary>The server's settings, parsed from its command line (DESIGN.md section 2).</summary>
internal sealed record ServerOptions
{
    /// <summary>Port to listen on.</summary>
    /// <value>1..65535, or 0 to let the OS choose (the chosen port is logged on stderr).</value>
    public int Port { get; init; }

    /// <summary>Length of the listen queue passed to listen(2).</summary>
    /// <value>Default 10 (the spec's 5-10 client queue); range 1..65535.</value>
    public int Backlog { get; init; } = ServerConstants.DefaultBacklog;

    /// <summary>Address to bind.</summary>
    /// <value>Default null: all interfaces, IPv6 dual-stack where available, else 0.0.0.0.</value>
    public IPAddress? Bind { get; init; }

    /// <summary>Close a client that sends nothing for this long.</summary>
    /// <value>Default null: wait for EOF as the spec's server does.</value>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Close a client still connected this long after it was accepted, however it trickles.</summary>
    /// <value>Default null: no limit (a client sending one byte a second is served for as long as it keeps sending).</value>
    public TimeSpan? ClientTimeout { get; init; }

    /// <summary>How many clients are served at once (DESIGN.md section 3a).</summary>
    /// <value>Default 1: the spec's sequential server, streaming each client's bytes to stdout. Range 1..1024;
    /// above 1 each client's bytes are spooled and written whole at its EOF.</value>
    public int Concurrency { get; init; } = 1;

    /// <summary>Bytes of one client's message held in memory before the rest goes to a temporary file.</summary>
    /// <value>Default 1 MiB; range 0..1 GiB; 0 = always a file. Used only with <see cref="Concurrency"/> above 1.</value>
    public int SpoolMemory { get; init; } = ServerConstants.DefaultSpoolMemory;

    /// <summary>After writing and flushing a client's bytes, send it the receipt line before closing.</summary>
    public bool Receipt { get; init; }

    /// <summary>One stderr line per client: peer, bytes, duration, outcome.</summary>
    public bool Verbose { get; init; }

    /// <summary>Print help and exit 0.</summary>
    public bool Help { get; init; }

    /// <summary>Print the version and exit 0.</summary>
    public bool Version { get; init; }
}
