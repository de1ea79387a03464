namespace SocketBench.Toxiproxy.Logging;

/// <summary>Log levels, named as Toxiproxy's <c>LOG_LEVEL</c> values.</summary>
public enum LogLevel
{
    /// <summary>Everything.</summary>
    Trace,

    /// <summary>Per-connection events.</summary>
    Debug,

    /// <summary>API changes and lifecycle.</summary>
    Info,

    /// <summary>Recoverable problems.</summary>
    Warn,

    /// <summary>Failures.</summary>
    Error,

    /// <summary>Nothing is written.</summary>
    Off,
}
