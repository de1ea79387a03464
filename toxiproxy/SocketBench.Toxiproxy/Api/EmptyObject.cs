namespace SocketBench.Toxiproxy.Api;

/// <summary>The stray <c>"Logger":{}</c> object Toxiproxy emits in every proxy.</summary>
internal sealed class EmptyObject
{
    /// <summary>The shared instance.</summary>
    public static EmptyObject Instance { get; } = new();
}
