using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Maps proxies and toxics to their wire bodies.</summary>
internal static class ApiBodies
{
    /// <summary>A proxy with its toxics (upstream first).</summary>
    public static ProxyBody From(Proxy proxy) => new()
    {
        Name = proxy.Name,
        Listen = proxy.Listen,
        Upstream = proxy.Upstream,
        Enabled = proxy.Enabled,
        Toxics = [.. proxy.Toxics.All().Select(From)],
        HalfClose = proxy.HalfClose ? null : false,
    };

    /// <summary>A toxic with every attribute of its type, defaults included.</summary>
    public static ToxicBody From(Toxic toxic)
    {
        var settings = toxic.Settings;
        ToxicRegistry.TryGet(settings.Type, out var definition);
        var attributes = new Dictionary<string, long>(definition.Attributes.Count);
        for (var i = 0; i < definition.Attributes.Count; i++)
        {
            attributes[definition.Attributes[i].WireName] = settings.Attributes[i];
        }

        return new ToxicBody
        {
            Attributes = attributes,
            Name = settings.Name,
            Type = settings.Type,
            Stream = settings.Stream,
            Toxicity = settings.Toxicity,
        };
    }
}
