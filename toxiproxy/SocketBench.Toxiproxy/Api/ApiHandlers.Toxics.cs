using SocketBench.Toxiproxy.Logging;

namespace SocketBench.Toxiproxy.Api;

/// <summary>Toxic endpoints: reads take no lock, changes take the proxy's own lock.</summary>
internal sealed partial class ApiHandlers
{
    /// <summary>GET /proxies/{proxy}/toxics: upstream first, then downstream.</summary>
    public Task<ApiResponse> ListToxicsAsync(string proxyName)
    {
        var proxy = proxies.Get(proxyName);
        var list = proxy.Toxics.All().Select(ApiBodies.From).ToList();
        return Task.FromResult(ApiResponse.FromJson(200, list, ApiJsonContext.Default.ListToxicBody));
    }

    /// <summary>POST /proxies/{proxy}/toxics: 200 (not 201), as Toxiproxy.</summary>
    public Task<ApiResponse> CreateToxicAsync(string proxyName, byte[] raw)
    {
        proxies.Get(proxyName);
        var body = JsonInput.Parse(raw);
        return WithProxyAsync(proxyName, async proxy =>
        {
            var toxic = ToxicInput.Create(body, name => proxy.Toxics.Find(name) is not null);
            await proxy.Toxics.AddAsync(toxic).ConfigureAwait(false);
            host.Log.Write(LogLevel.Info, "Created toxic", ("proxy", proxyName), ("toxic", toxic.Name), ("type", toxic.Settings.Type));
            return ApiResponse.FromJson(200, ApiBodies.From(toxic), ApiJsonContext.Default.ToxicBody);
        });
    }

    /// <summary>GET /proxies/{proxy}/toxics/{toxic}.</summary>
    public Task<ApiResponse> GetToxicAsync(string proxyName, string toxicName)
    {
        var toxic = proxies.Get(proxyName).Toxics.Find(toxicName) ?? throw ApiErrors.ToxicNotFound();
        return Task.FromResult(ApiResponse.FromJson(200, ApiBodies.From(toxic), ApiJsonContext.Default.ToxicBody));
    }

    /// <summary>
    /// PATCH (preferred) or POST (deprecated, logged) /proxies/{proxy}/toxics/{toxic}: only the fields given
    /// change (toxicity and every attribute not in the body keep their values); a rejected body changes nothing.
    /// </summary>
    public Task<ApiResponse> UpdateToxicAsync(string proxyName, string toxicName, byte[] raw, bool viaPost)
    {
        if (viaPost)
        {
            host.Log.Write(LogLevel.Warn, "ToxicUpdate: HTTP method POST is depercated. Use HTTP PATCH instead.", ("proxy", proxyName), ("toxic", toxicName));
        }

        return WithProxyAsync(proxyName, async proxy =>
        {
            var current = proxy.Toxics.Find(toxicName) ?? throw ApiErrors.ToxicNotFound();
            var updated = ToxicInput.Update(current, JsonInput.Parse(raw));
            await proxy.Toxics.UpdateAsync(updated).ConfigureAwait(false);
            return ApiResponse.FromJson(200, ApiBodies.From(updated), ApiJsonContext.Default.ToxicBody);
        });
    }

    /// <summary>DELETE /proxies/{proxy}/toxics/{toxic}: 204; never blocks longer than the link-change cap.</summary>
    public Task<ApiResponse> DeleteToxicAsync(string proxyName, string toxicName) => WithProxyAsync(proxyName, async proxy =>
    {
        await proxy.Toxics.RemoveAsync(toxicName).ConfigureAwait(false);
        return ApiResponse.NoContent();
    });
}
