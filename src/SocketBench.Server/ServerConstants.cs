namespace SocketBench.Server;

/// <summary>Literals behind <see cref="ServerOptions"/>'s defaults and bounds.</summary>
internal static class ServerConstants
{
    public const int DefaultBacklog = 10;
    public const int MinBacklog = 1;
    public const int MaxBacklog = 65535;
    public const int BufferSize = 256 * 1024;
    public const int MaxConcurrency = 1024;
    public const int DefaultSpoolMemory = 1024 * 1024;
    public const int MaxSpoolMemory = 1024 * 1024 * 1024;
    public const int InitialSpoolMemory = 64 * 1024;
    public const int WorkerStackSize = 256 * 1024;
    public const double MaxIdleTimeoutSeconds = 86_400;
    public const int KeepAliveIdleSeconds = 60;
    public const int KeepAliveIntervalSeconds = 10;
    public const int KeepAliveProbes = 6;
    public const string EofOutcome = "eof";
    public const string ClientTimeoutOutcome = "client-timeout";
    public const string ShutdownOutcome = "cut-at-shutdown";
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan AcceptBackoffInitial = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan AcceptBackoffMax = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ResourceLogInterval = TimeSpan.FromSeconds(5);
}
