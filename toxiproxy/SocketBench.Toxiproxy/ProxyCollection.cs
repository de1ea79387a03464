using SocketBench.Toxiproxy.Api;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy;

/// <summary>
/// All proxies by name (cf. Toxiproxy's <c>proxy_collection.go</c>). Callers hold the server's API lock.
/// </summary>
internal sealed class ProxyCollection
{
    private readonly Dictionary<string, Proxy> proxies = new(StringComparer.Ordinal);

    /// <summary>Proxies sorted by name.</summary>
    public IReadOnlyList<Proxy> All() => [.. proxies.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>Finds a proxy or throws 404.</summary>
    public Proxy Get(string name) =>
        proxies.TryGetValue(name, out var proxy) ? proxy : throw ApiErrors.ProxyNotFound();

    /// <summary>Adds a new proxy, starting it first if asked; on a bind failure nothing is added.</summary>
    public void Add(Proxy proxy, bool start)
    {
        if (proxies.ContainsKey(proxy.Name))
        {
            throw ApiErrors.ProxyAlreadyExists();
        }

        if (start)
        {
            StartOrThrow(proxy);
        }

        proxies.Add(proxy.Name, proxy);
    }

    /// <summary>
    /// Populate semantics: an existing proxy with the same resolved listen and upstream is returned
    /// untouched; a differing one is stopped and replaced.
    /// </summary>
    public Proxy AddOrReplace(Proxy proxy, bool start)
    {
        if (proxies.TryGetValue(proxy.Name, out var existing))
        {
            if (SameAddresses(existing, proxy))
            {
                return existing;
            }

            existing.Stop();
        }

        if (start)
        {
            StartOrThrow(proxy);
        }

        proxies[proxy.Name] = proxy;
        return proxy;
    }

    /// <summary>Stops and removes a proxy, or throws 404.</summary>
    public void Remove(string name)
    {
        var proxy = Get(name);
        proxy.Stop();
        proxies.Remove(name);
    }

    /// <summary>Stops every proxy (server shutdown).</summary>
    public void StopAll()
    {
        foreach (var proxy in proxies.Values)
        {
            proxy.Stop();
        }
    }

    /// <summary>Starts a proxy, mapping address errors to Toxiproxy's 500.</summary>
    public static void StartOrThrow(Proxy proxy)
    {
        try
        {
            proxy.Start();
        }
        catch (AddressException e)
        {
            throw ApiErrors.Internal(e.Message);
        }
    }

    private static bool SameAddresses(Proxy existing, Proxy candidate)
    {
        if (existing.Upstream != candidate.Upstream)
        {
            return false;
        }

        try
        {
            var wanted = NetAddress.Resolve(candidate.Listen);
            return wanted.Port != 0 && NetAddress.ResolveToString(existing.Listen) == NetAddress.Format(wanted);
        }
        catch (AddressException)
        {
            return false;
        }
    }
}
