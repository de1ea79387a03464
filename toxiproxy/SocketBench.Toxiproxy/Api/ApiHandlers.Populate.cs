using System.Text.Json;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy.Api;

/// <summary>POST /populate and the <c>-config</c> file, which share one code path.</summary>
internal sealed partial class ApiHandlers
{
    /// <summary>POST /populate: validate everything, then apply in order, stopping at the first failure.</summary>
    public Task<ApiResponse> PopulateAsync(byte[] raw) => LockedAsync(async () =>
    {
        List<PopulateEntry> entries;
        try
        {
            entries = ParseEntries(JsonInput.Parse(raw));
        }
        catch (ApiException e)
        {
            return PopulateResponse(e.Status, e.Message, null);
        }

        var done = new List<ProxyBody>();
        try
        {
            foreach (var entry in entries)
            {
                done.Add(ApiBodies.From(await ApplyAsync(entry).ConfigureAwait(false)));
            }
        }
        catch (ApiException e)
        {
            return PopulateResponse(e.Status, e.Message, done);
        }

        return PopulateResponse(201, null, done);
    });

    /// <summary>Parses the populate array: name and upstream required; toxics (an extension) validated too.</summary>
    public static List<PopulateEntry> ParseEntries(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrors.BadRequestBody($"json: cannot unmarshal {body.ValueKind.ToString().ToLowerInvariant()} into Go value of type []proxy.Proxy");
        }

        var entries = new List<PopulateEntry>();
        var index = 0;
        foreach (var item in body.EnumerateArray())
        {
            index++;
            var obj = JsonInput.RequireObject(item, "proxy.Proxy");
            var name = JsonInput.String(obj, "name", "Proxy.name") ?? string.Empty;
            var upstream = JsonInput.String(obj, "upstream", "Proxy.upstream") ?? string.Empty;
            if (name.Length == 0)
            {
                throw ApiErrors.MissingField($"name at proxy {index}");
            }

            if (upstream.Length == 0)
            {
                throw ApiErrors.MissingField($"upstream at proxy {index}");
            }

            JsonInput.TryGet(obj, "toxics", out var toxics);
            entries.Add(new PopulateEntry(
                name,
                JsonInput.String(obj, "listen", "Proxy.listen") ?? string.Empty,
                upstream,
                JsonInput.Bool(obj, "enabled", "Proxy.enabled") ?? true,
                ToxicInput.ParseList(toxics, name),
                JsonInput.Bool(obj, "half_close", "Proxy.half_close") ?? true));
        }

        return entries;
    }

    /// <summary>Applies parsed entries (used by <c>-config</c> at startup); errors are logged, not thrown.</summary>
    public async Task LoadConfigAsync(List<PopulateEntry> entries)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var entry in entries)
            {
                try
                {
                    await ApplyAsync(entry).ConfigureAwait(false);
                }
                catch (ApiException e)
                {
                    host.Log.Write(LogLevel.Error, "Failed to populate proxy from config", ("name", entry.Name), ("err", e.Message));
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Proxy> ApplyAsync(PopulateEntry entry)
    {
        var proxy = new Proxy(host, entry.Name, entry.Listen, entry.Upstream) { HalfClose = entry.HalfClose };
        foreach (var toxic in entry.Toxics)
        {
            await proxy.Toxics.AddAsync(toxic).ConfigureAwait(false);
        }

        return proxies.AddOrReplace(proxy, entry.Enabled);
    }

    private static ApiResponse PopulateResponse(int status, string? error, List<ProxyBody>? done)
    {
        var body = new PopulateBody
        {
            Error = error,
            Status = error is null ? null : status,
            Proxies = done is { Count: > 0 } ? done : null,
        };
        return ApiResponse.FromJson(status, body, ApiJsonContext.Default.PopulateBody);
    }
}

/// <summary>One item of a populate array or config file.</summary>
/// <param name="Name">Proxy name.</param>
/// <param name="Listen">Listen address as given.</param>
/// <param name="Upstream">Upstream address.</param>
/// <param name="Enabled">Whether to start it (default true).</param>
/// <param name="Toxics">Toxics created with the proxy, before it listens (extension).</param>
/// <param name="HalfClose">False for Toxiproxy's "a half-close ends the connection" (extension).</param>
internal sealed record PopulateEntry(string Name, string Listen, string Upstream, bool Enabled, List<Toxic> Toxics, bool HalfClose = true);
