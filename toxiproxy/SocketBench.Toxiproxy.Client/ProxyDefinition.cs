namespace SocketBench.Toxiproxy.Client;

/// <summary>One proxy for <see cref="ToxiproxyClient.PopulateAsync"/> (an item of Toxiproxy's <c>-config</c> file).</summary>
/// <param name="Name">Unique proxy name.</param>
/// <param name="Upstream">Where it forwards to.</param>
/// <param name="Listen">Where it listens.</param>
public sealed record ProxyDefinition(string Name, UpstreamAddress Upstream, ListenAddress Listen)
{
    /// <summary>False creates the proxy without listening (its port refuses connections until enabled).</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Toxics created with the proxy, before it listens (our server's extension; Toxiproxy ignores them).</summary>
    public IReadOnlyList<ToxicSpec>? Toxics { get; init; }

    /// <summary>
    /// False makes a client's half-close end the whole connection, as a real Toxiproxy does; true passes it
    /// through. Null (the default) sends nothing: the server's default (ours passes it through).
    /// </summary>
    public bool? HalfClose { get; init; }

    internal ProxyRequest ToRequest() => new()
    {
        Name = Name,
        Upstream = Upstream.Require(),
        Listen = Listen.Require(),
        Enabled = Enabled,
        Toxics = Toxics?.Select(t => t.ToRequest(forUpdate: false)).ToList(),
        HalfClose = HalfClose,
    };
}
