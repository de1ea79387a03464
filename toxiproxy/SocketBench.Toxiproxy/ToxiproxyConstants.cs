namespace SocketBench.Toxiproxy;

/// <summary>Literals of the fault proxy, in one place.</summary>
internal static class ToxiproxyConstants
{
    /// <summary>Version reported by <c>/version</c> and <c>-version</c>: the Toxiproxy API level we match.</summary>
    public const string Version = "2.12.0-socketbench";

    /// <summary>Default API host.</summary>
    public const string DefaultHost = "localhost";

    /// <summary>Default API port.</summary>
    public const int DefaultPort = 8474;

    /// <summary>Read buffer a link starts with (chatty links never need more).</summary>
    public const int MinReadBuffer = 16 * 1024;

    /// <summary>Largest read buffer, reached by doubling while reads fill the buffer (bulk transfers).</summary>
    public const int MaxReadBuffer = 256 * 1024;

    /// <summary>Chunks buffered in front of a latency toxic (Toxiproxy: 1024).</summary>
    public const int LatencyBufferChunks = 1024;

    /// <summary>Listen backlog of each proxy.</summary>
    public const int ProxyBacklog = 512;

    /// <summary>Listen backlog of the HTTP API.</summary>
    public const int ApiBacklog = 128;

    /// <summary>Largest HTTP request head the API accepts.</summary>
    public const int MaxRequestHeadBytes = 64 * 1024;

    /// <summary>Largest HTTP request body the API accepts.</summary>
    public const int MaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>Default cap on concurrent API connections; more are answered 503 and closed.</summary>
    public const int MaxApiConnections = 128;

    /// <summary>Listen address of a proxy created without one: loopback, never every interface.</summary>
    public const string DefaultProxyListen = "127.0.0.1:0";

    /// <summary>Deepest JSON nesting a request body may have.</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>Default wait for the first byte of the next request (Go server idle timeout).</summary>
    public static readonly TimeSpan ApiIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Default time to receive a whole request once its first byte arrived (Go server read timeout).</summary>
    public static readonly TimeSpan ApiReadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>After refusing a request, how long the API drains the peer's input before closing.</summary>
    public static readonly TimeSpan ApiDrainTimeout = TimeSpan.FromSeconds(1);

    /// <summary>When a toxic or a failure closes a whole connection, how long each socket's peer may still send (dropped) before its close.</summary>
    public static readonly TimeSpan LinkDrainTimeout = TimeSpan.FromSeconds(1);

    /// <summary>At most this many bytes are dropped per socket while a closing connection drains (then the close is a reset).</summary>
    public const long LinkDrainBytes = 256 * 1024;

    /// <summary>Default time to write one response to a peer that does not read (Go server write timeout).</summary>
    public static readonly TimeSpan ApiWriteTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The API waits at most this long for live links to apply a toxic change, then answers anyway.</summary>
    public static readonly TimeSpan LinkChangeTimeout = TimeSpan.FromSeconds(2);
}
