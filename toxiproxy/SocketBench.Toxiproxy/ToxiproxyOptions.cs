using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy;

/// <summary>Options of the fault proxy server, one per program (flags map onto these).</summary>
public sealed class ToxiproxyOptions
{
    /// <summary>API bind host.</summary>
    /// <value>Default <c>localhost</c> (binds 127.0.0.1). Any IP literal or resolvable name.</value>
    public string Host { get; set; } = ToxiproxyConstants.DefaultHost;

    /// <summary>API port.</summary>
    /// <value>Default 8474. Range 0-65535; 0 lets the OS choose (read it back from <see cref="ToxiproxyServer.ApiEndPoint"/>).</value>
    public int Port { get; set; } = ToxiproxyConstants.DefaultPort;

    /// <summary>A JSON file in the <c>/populate</c> format, loaded before the API listens.</summary>
    /// <value>Default none. Entries may carry a <c>toxics</c> array (an extension).</value>
    public string? ConfigPath { get; set; }

    /// <summary>Seed for every random decision (toxicity rolls, jitter, slicing).</summary>
    /// <value>Default null: seeded from the clock.</value>
    public long? Seed { get; set; }

    /// <summary>Whether <c>/metrics</c> exposes the proxy byte counters.</summary>
    /// <value>Default false.</value>
    public bool ProxyMetrics { get; set; }

    /// <summary>Whether <c>/metrics</c> exposes process counters.</summary>
    /// <value>Default false.</value>
    public bool RuntimeMetrics { get; set; }

    /// <summary>Most API connections served at once; one more is answered 503 and closed.</summary>
    /// <value>Default 128. Range 1 and up.</value>
    public int MaxApiConnections { get; set; } = ToxiproxyConstants.MaxApiConnections;

    /// <summary>How long a kept-alive API connection may wait for its next request before it is closed.</summary>
    /// <value>Default 60 s (Go's idle timeout).</value>
    public TimeSpan ApiIdleTimeout { get; set; } = ToxiproxyConstants.ApiIdleTimeout;

    /// <summary>How long a request may take to arrive once its first byte did (a slow sender is cut off).</summary>
    /// <value>Default 15 s (Go's read timeout).</value>
    public TimeSpan ApiReadTimeout { get; set; } = ToxiproxyConstants.ApiReadTimeout;

    /// <summary>How long writing one response may take (a peer that does not read is cut off).</summary>
    /// <value>Default 30 s (Go's write timeout).</value>
    public TimeSpan ApiWriteTimeout { get; set; } = ToxiproxyConstants.ApiWriteTimeout;

    /// <summary>Time source for toxic delays and API deadlines; tests may inject a fake one.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where log lines go.</summary>
    /// <value>Default: JSON lines on stderr at the level in <c>LOG_LEVEL</c> (info).</value>
    public ToxiproxyLog Log { get; set; } = ToxiproxyLog.FromEnvironment();
}
