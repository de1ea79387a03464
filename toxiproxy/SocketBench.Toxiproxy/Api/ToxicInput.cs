using System.Text.Json;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// Builds toxics from request JSON in Toxiproxy's order of checks: body, stream, default name, type,
/// duplicate name (by the caller), attributes. Nothing is stored until everything parsed.
/// </summary>
internal static class ToxicInput
{
    private const string Wrapper = "ToxicWrapper";

    /// <summary>Parses a create body. <paramref name="nameTaken"/> answers the 409 check before attributes.</summary>
    public static Toxic Create(JsonElement body, Func<string, bool> nameTaken)
    {
        body = JsonInput.RequireObject(body, "toxics.ToxicWrapper");
        var type = JsonInput.String(body, "type", Wrapper + ".type") ?? string.Empty;
        var stream = JsonInput.String(body, "stream", Wrapper + ".stream") ?? "downstream";
        var name = JsonInput.String(body, "name", Wrapper + ".name") ?? string.Empty;
        var toxicity = JsonInput.Float32(body, "toxicity", Wrapper + ".toxicity") ?? 1f;
        JsonInput.TryGet(body, "attributes", out var attributes);
        if (attributes.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Null))
        {
            throw ApiErrors.BadRequestBody(
                $"json: cannot unmarshal {attributes.ValueKind.ToString().ToLowerInvariant()} into Go struct field {Wrapper}.attributes of type toxics.Toxic");
        }

        if (!DirectionParser.TryParse(stream, out var direction))
        {
            throw ApiErrors.InvalidStream();
        }

        if (name.Length == 0)
        {
            name = $"{type}_{stream}";
        }

        if (!ToxicRegistry.TryGet(type, out var definition))
        {
            throw ApiErrors.InvalidToxicType();
        }

        if (nameTaken(name))
        {
            throw ApiErrors.ToxicAlreadyExists();
        }

        var values = ParseAttributes(definition, attributes, new long[definition.Attributes.Count]);
        return definition.Create(new ToxicSettings(name, type, stream, direction, toxicity, values));
    }

    /// <summary>Parses an update body onto <paramref name="current"/>: attributes merge, null keeps.</summary>
    public static Toxic Update(Toxic current, JsonElement body)
    {
        body = JsonInput.RequireObject(body, "struct { Attributes interface {}; Toxicity float32 }");
        var settings = current.Settings;
        ToxicRegistry.TryGet(settings.Type, out var definition);
        var toxicity = JsonInput.Float32(body, "toxicity", "Toxicity") ?? settings.Toxicity;
        JsonInput.TryGet(body, "attributes", out var attributes);
        var values = ParseAttributes(definition, attributes, [.. settings.Attributes]);
        return definition.Create(settings with { Toxicity = toxicity, Attributes = values });
    }

    /// <summary>Parses a toxic list embedded in a populate or config entry (our extension).</summary>
    public static List<Toxic> ParseList(JsonElement list, string proxyName)
    {
        var result = new List<Toxic>();
        if (list.ValueKind == JsonValueKind.Null || list.ValueKind == JsonValueKind.Undefined)
        {
            return result;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrors.BadRequestBody($"toxics of proxy {proxyName} must be an array");
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            try
            {
                result.Add(Create(item, name => result.Exists(t => t.Name == name)));
            }
            catch (ApiException e)
            {
                throw new ApiException(e.Status, $"proxy \"{proxyName}\", toxic {Label(item, index)}: {e.Message}");
            }
        }

        return result;
    }

    /// <summary>Names a toxic in an error: its name if it has a string one, else its position.</summary>
    private static string Label(JsonElement item, int index) =>
        item.ValueKind == JsonValueKind.Object && JsonInput.TryGet(item, "name", out var name)
            && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } text
            ? $"\"{text}\""
            : $"#{index}";

    private static long[] ParseAttributes(ToxicDefinition definition, JsonElement attributes, long[] values)
    {
        if (attributes.ValueKind == JsonValueKind.Object)
        {
            for (var i = 0; i < definition.Attributes.Count; i++)
            {
                var attribute = definition.Attributes[i];
                var field = $"{definition.GoStruct}.attributes.{attribute.WireName}";
                var value = JsonInput.Int64(attributes, attribute.WireName, field, attribute.GoType);
                if (value is { } v)
                {
                    values[i] = v;
                }
            }
        }

        var problem = definition.Validate?.Invoke(values);
        return problem is null ? values : throw ApiErrors.InvalidAttribute(problem);
    }
}
