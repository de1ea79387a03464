using System.Net;
using System.Text.Json;
using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy.Api;

/// <summary>POST /populate and the <c>-config</c> file, which share one code path.</summary>
internal sealed partial class ApiHandlers
{
    /// <summary>Populates serialize with each other only (each entry also takes its proxy's lock).</summary>
    private readonly SemaphoreSlim populateGate = new(1, 1);

    /// <summary>POST /populate: validate everything, then apply in order, stopping at the first failure.</summary>
    public async Task<ApiResponse> PopulateAsync(byte[] raw)
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
        await populateGate.WaitAsync().ConfigureAwait(false);
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
        finally
        {
            populateGate.Release();
        }

        return PopulateResponse(201, null, done);
    }

    /// <summary>
    /// Parses the populate array: name and upstream required; a missing listen is loopback port 0; toxics
    /// (an extension) are validated too, and their errors name the proxy and the toxic.
    /// </summary>
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
                ListenOrDefault(JsonInput.String(obj, "listen", "Proxy.listen")),
                upstream,
                JsonInput.Bool(obj, "enabled", "Proxy.enabled") ?? true,
                ToxicInput.ParseList(toxics, name),
                JsonInput.Bool(obj, "half_close", "Proxy.half_close") ?? true));
        }

        return entries;
    }

    /// <summary>Applies the <c>-config</c> entries at startup; the first failure is thrown, naming the proxy.</summary>
    public async Task LoadConfigAsync(List<PopulateEntry> entries)
    {
        foreach (var entry in entries)
        {
            try
            {
                await ApplyAsync(entry).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                throw new ApiException(e.Status, $"proxy \"{entry.Name}\": {e.Message}");
            }
        }
    }

    private async Task<Proxy> ApplyAsync(PopulateEntry entry)
    {
        var wanted = TryResolve(entry.Listen);
        if (proxies.Find(entry.Name) is { } existing)
        {
            await existing.ApiLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (proxies.Contains(existing))
                {
                    if (SameAddresses(existing, entry, wanted))
                    {
                        existing.HalfClose = entry.HalfClose;
                        return existing;
                    }

                    proxies.Remove(existing);
                    existing.Stop();
                }
            }
            finally
            {
                existing.ApiLock.Release();
            }
        }

        var proxy = new Proxy(host, entry.Name, entry.Listen, entry.Upstream) { HalfClose = entry.HalfClose };
        foreach (var toxic in entry.Toxics)
        {
            await proxy.Toxics.AddAsync(toxic).ConfigureAwait(false);
        }

        proxies.Add(proxy, entry.Enabled ? wanted ?? ProxyCollection.ResolveListen(entry.Listen) : null);
        return proxy;
    }

    private static IPEndPoint? TryResolve(string listen)
    {
        try
        {
            return NetAddress.Resolve(listen);
        }
        catch (AddressException)
        {
            return null;
        }
    }

    /// <summary>Populate keeps an existing proxy (and its toxics and links) whose resolved addresses match.</summary>
    private static bool SameAddresses(Proxy existing, PopulateEntry entry, IPEndPoint? wanted)
    {
        if (existing.Upstream != entry.Upstream || wanted is not { Port: not 0 })
        {
            return false;
        }

        return TryResolve(existing.Listen) is { } current && NetAddress.Format(current) == NetAddress.Format(wanted);
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
