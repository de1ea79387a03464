namespace SocketBench.Client;

/// <summary>Literals behind <see cref="ClientOptions"/>'s defaults and bounds.</summary>
internal static class ClientConstants
{
    public const int DefaultRetries = 5;
    public const int MaxRetries = 100;
    public const int DefaultChunkSize = 64 * 1024;
    public const int MinChunkSize = 1;
    public const int MinSendBuffer = 1024;
    public const int MaxChunkSize = 64 * 1024 * 1024;
    public const double MinTimeoutSeconds = 0.01;
    public const double MaxTimeoutSeconds = 3600;
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxPipelineTimeout = TimeSpan.FromDays(1);
    public static readonly TimeSpan WritablePollSlice = TimeSpan.FromSeconds(1);
}
