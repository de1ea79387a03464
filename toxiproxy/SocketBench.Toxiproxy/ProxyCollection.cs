using System.Net;
using SocketBench.Toxiproxy.Api;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy;

/// <summary>
/// All proxies by name (cf. Toxiproxy's <c>proxy_collection.go</c>). The map has its own short lock,
/// held only for lookups, inserts and removals (and a bind, a non-blocking system call): never for a
/// name lookup nor a wait on live links. Changes to one proxy serialize on that proxy's
/// <see cref="Proxy.ApiLock"/>, so a slow change to one proxy never stalls calls about another.
/// </summary>
internal sealed class ProxyCollection
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Proxy> proxies = new(StringComparer.Ordinal);

    /// <summary>Proxies sorted by name (a snapshot).</summary>
    public IReadOnlyList<Proxy> All()
    {
        lock (gate)
        {
            return [.. proxies.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Finds a proxy or throws 404.</summary>
    public Proxy Get(string name) => Find(name) ?? throw ApiErrors.ProxyNotFound();

    /// <summary>Finds a proxy, or null.</summary>
    public Proxy? Find(string name)
    {
        lock (gate)
        {
            return proxies.GetValueOrDefault(name);
        }
    }

    /// <summary>True while <paramref name="proxy"/> (this instance) is in the collection.</summary>
    public bool Contains(Proxy proxy)
    {
        lock (gate)
        {
            return proxies.TryGetValue(proxy.Name, out var current) && ReferenceEquals(current, proxy);
        }
    }

    /// <summary>
    /// Adds a new proxy, binding <paramref name="bindTo"/> first when given (the caller resolved it);
    /// on a bind failure nothing is added.
    /// </summary>
    public void Add(Proxy proxy, IPEndPoint? bindTo)
    {
        lock (gate)
        {
            if (proxies.ContainsKey(proxy.Name))
            {
                throw ApiErrors.ProxyAlreadyExists();
            }

            if (bindTo is not null)
            {
                StartOrThrow(proxy, bindTo);
            }

            proxies.Add(proxy.Name, proxy);
        }
    }

    /// <summary>Removes this instance if it is still the one under its name; true if it was.</summary>
    public bool Remove(Proxy proxy)
    {
        lock (gate)
        {
            return proxies.TryGetValue(proxy.Name, out var current) && ReferenceEquals(current, proxy) && proxies.Remove(proxy.Name);
        }
    }

    /// <summary>Stops every proxy (server shutdown).</summary>
    public void StopAll()
    {
        foreach (var proxy in All())
        {
            proxy.Stop();
        }
    }

    /// <summary>Starts a proxy, mapping address errors to Toxiproxy's 500.</summary>
    public static void StartOrThrow(Proxy proxy, IPEndPoint? endPoint = null)
    {
        try
        {
            proxy.Start(endPoint);
        }
        catch (AddressException e)
        {
            throw ApiErrors.Internal(e.Message);
        }
    }

    /// <summary>Resolves a listen address for binding (names resolved here, outside every lock); 500 as Go's listen.</summary>
    public static IPEndPoint ResolveListen(string listen)
    {
        try
        {
            return NetAddress.Resolve(listen);
        }
        catch (AddressException e)
        {
            throw ApiErrors.Internal("listen tcp: " + e.Message);
        }
    }
}
