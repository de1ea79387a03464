using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SocketBench.Toxiproxy.Client;

namespace SocketBench.Toxiproxy.Cli;

/// <summary>
/// The commands. Messages, their order of checks and the API calls (a GET of the proxy before changing it)
/// follow Toxiproxy's CLI, so its failures read the same: <c>Failed to retrieve proxy x: HTTP 404: proxy not found</c>.
/// </summary>
internal sealed class CliActions(ToxiproxyClient client, CliOutput output)
{
    public Task RunAsync(CliInvocation invocation) => invocation.Command switch
    {
        "list" => ListAsync(invocation),
        "inspect" => InspectAsync(invocation),
        "create" => CreateAsync(invocation),
        "toggle" => ToggleAsync(invocation),
        "delete" => DeleteAsync(invocation),
        "toxic add" => AddToxicAsync(invocation),
        "toxic update" => UpdateToxicAsync(invocation),
        "toxic remove" => RemoveToxicAsync(invocation),
        _ => throw CliException.Usage($"unknown command '{invocation.Command}'"),
    };

    private async Task ListAsync(CliInvocation invocation)
    {
        NoArguments(invocation, 0);
        var proxies = await Call(() => client.GetProxiesAsync(), "Failed to retrieve proxies: ").ConfigureAwait(false);
        output.ProxyList(proxies);
    }

    private async Task InspectAsync(CliInvocation invocation)
    {
        var name = ProxyName(invocation, "Proxy name is required as the first argument.");
        var proxy = await Call(() => client.GetProxyAsync(name), $"Failed to retrieve proxy {name}: ").ConfigureAwait(false);
        output.ProxyDetail(proxy.Info);
    }

    private async Task CreateAsync(CliInvocation invocation)
    {
        var name = ProxyName(invocation, "Proxy name is required as the first argument.");
        var listen = Required(invocation, "listen");
        var upstream = Required(invocation, "upstream");
        await Call(() => client.CreateProxyAsync(name, upstream, new ListenAddress(listen)), "Failed to create proxy: create: ").ConfigureAwait(false);
        output.Line($"Created new proxy {name}");
    }

    private async Task ToggleAsync(CliInvocation invocation)
    {
        var name = ProxyName(invocation, "Proxy name is required as the first argument.");
        var proxy = await Call(() => client.GetProxyAsync(name), $"Failed to retrieve proxy {name}: ").ConfigureAwait(false);
        await Call(() => proxy.Enabled ? proxy.DisableAsync() : proxy.EnableAsync(), $"Failed to toggle proxy {name}: ").ConfigureAwait(false);
        output.Toggled(name, proxy.Enabled);
    }

    private async Task DeleteAsync(CliInvocation invocation)
    {
        var name = ProxyName(invocation, "Proxy name is required as the first argument.");
        var proxy = await Call(() => client.GetProxyAsync(name), $"Failed to retrieve proxy {name}: ").ConfigureAwait(false);
        await Call(() => proxy.DeleteAsync(), "Failed to delete proxy: Delete: ").ConfigureAwait(false);
        output.Line($"Deleted proxy {name}");
    }

    private async Task AddToxicAsync(CliInvocation invocation)
    {
        var proxyName = ProxyName(invocation, "Proxy name is missing.");
        var type = Required(invocation, "type");
        if (invocation.IsSet("upstream") && invocation.IsSet("downstream"))
        {
            throw new CliException("Only one should be specified: upstream or downstream.");
        }

        var spec = new CustomToxic(type)
        {
            Name = NullIfEmpty(invocation.Get("toxicName")),
            Stream = invocation.IsSet("upstream") ? ToxicStream.Upstream : ToxicStream.Downstream,
            Toxicity = Toxicity(invocation) ?? 1f,
            AttributeValues = Attributes(invocation),
        };
        var proxy = await Call(() => client.GetProxyAsync(proxyName), $"Failed to add toxic: failed to retrieve proxy with name `{proxyName}`: ").ConfigureAwait(false);
        var toxic = await Call(() => proxy.AddToxicAsync(spec), $"Failed to add toxic: failed to add toxic to proxy {proxyName}: AddToxic: ").ConfigureAwait(false);
        output.Line($"Added {toxic.Stream} {toxic.Type} toxic '{toxic.Name}' on proxy '{proxyName}'");
    }

    private async Task UpdateToxicAsync(CliInvocation invocation)
    {
        var proxyName = ProxyName(invocation, "Proxy name is missing.");
        var toxicName = Required(invocation, "toxicName");

        // Unlike Toxiproxy's CLI (which sends 1.0), an update without --toxicity keeps the toxic's toxicity.
        var changes = new CustomToxic("") { Toxicity = Toxicity(invocation), AttributeValues = Attributes(invocation) };
        var proxy = await Call(() => client.GetProxyAsync(proxyName), $"Failed to update toxic: failed to retrieve proxy with name `{proxyName}`: ").ConfigureAwait(false);
        var toxic = await Call(() => proxy.UpdateToxicAsync(toxicName, changes), $"Failed to update toxic: failed to update toxic '{toxicName}' of proxy '{proxyName}': ").ConfigureAwait(false);
        output.Line($"Updated toxic '{toxic.Name}' on proxy '{proxyName}'");
    }

    private async Task RemoveToxicAsync(CliInvocation invocation)
    {
        var proxyName = ProxyName(invocation, "Proxy name is missing.");
        var toxicName = Required(invocation, "toxicName");
        var proxy = await Call(() => client.GetProxyAsync(proxyName), $"Failed to remove toxic: failed to retrieve proxy with name `{proxyName}`: ").ConfigureAwait(false);
        await Call(() => proxy.RemoveToxicAsync(toxicName), $"Failed to remove toxic: failed to remove toxic '{toxicName}' from proxy '{proxyName}': ").ConfigureAwait(false);
        output.Line($"Removed toxic '{toxicName}' on proxy '{proxyName}'");
    }

    /// <summary>Runs one API call; any failure becomes one line: <paramref name="context"/> plus the cause as Toxiproxy's client words it.</summary>
    private async Task<T> Call<T>(Func<Task<T>> call, string context)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ToxiproxyApiException e)
        {
            throw new CliException(context + $"HTTP {(int)e.Status}: {e.ApiMessage}");
        }
        catch (HttpRequestException e)
        {
            throw new CliException(context + $"fail to request: {client.BaseAddress}: {OneLine(e.Message)}");
        }
        catch (TaskCanceledException)
        {
            throw new CliException(context + $"fail to request: {client.BaseAddress}: no answer within 30 s");
        }
        catch (JsonException e)
        {
            throw new CliException(context + "unreadable answer: " + OneLine(e.Message));
        }
    }

    private Task<bool> Call(Func<Task> call, string context) => Call(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }, context);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string ProxyName(CliInvocation invocation, string missing)
    {
        if (invocation.Args.Count == 0 || invocation.Args[0].Length == 0)
        {
            throw new CliException(missing);
        }

        NoArguments(invocation, 1);
        return invocation.Args[0];
    }

    private static void NoArguments(CliInvocation invocation, int expected)
    {
        if (invocation.Args.Count > expected)
        {
            throw CliException.Usage($"unexpected argument '{invocation.Args[expected]}' (see toxiproxy-cli {invocation.Command} --help)");
        }
    }

    private static string Required(CliInvocation invocation, string flag) =>
        NullIfEmpty(invocation.Get(flag)) ?? throw new CliException($"Required argument '{flag}' was empty.");

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary><c>--toxicity</c>: a float in [0, 1], or null when not given.</summary>
    private static float? Toxicity(CliInvocation invocation)
    {
        var text = NullIfEmpty(invocation.Get("toxicity"));
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? (float)value
            : throw new CliException("toxicity should be a float between 0 and 1.");
    }

    /// <summary><c>-a key=value</c>: numbers are sent as JSON numbers, anything else as a string (as Toxiproxy's CLI).</summary>
    private static Dictionary<string, JsonElement> Attributes(CliInvocation invocation)
    {
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var raw in invocation.GetAll("attribute"))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException($"Attribute '{raw}' is not in key=value format.");
            }

            attributes[raw[..eq]] = JsonValue(raw[(eq + 1)..]);
        }

        return attributes;
    }

    private static JsonElement JsonValue(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                if (number == Math.Floor(number) && Math.Abs(number) < 9e18)
                {
                    writer.WriteNumberValue((long)number);
                }
                else
                {
                    writer.WriteNumberValue(number);
                }
            }
            else
            {
                writer.WriteStringValue(text);
            }
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
