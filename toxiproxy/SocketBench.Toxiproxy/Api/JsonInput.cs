using System.Globalization;
using System.Text.Json;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// Decodes request bodies with Go <c>encoding/json</c> rules that Toxiproxy clients depend on: keys match
/// case-insensitively (the last match wins), unknown keys are ignored, <c>null</c> keeps the current value,
/// only the first JSON value is read, and integers reject fractions with Go's error text.
/// </summary>
internal static class JsonInput
{
    /// <summary>Parses the first JSON value of <paramref name="body"/>; 400 <c>EOF</c> when empty.</summary>
    public static JsonElement Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = ToxiproxyConstants.MaxJsonDepth,
        });
        try
        {
            if (!reader.Read())
            {
                throw ApiErrors.BadRequestBody("EOF");
            }

            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            throw ApiErrors.BadRequestBody(TooDeep(body) ? "exceeded max depth" : SyntaxError(body));
        }
    }

    /// <summary>True when the first value nests deeper than <see cref="ToxiproxyConstants.MaxJsonDepth"/> (error path only).</summary>
    private static bool TooDeep(ReadOnlySpan<byte> body)
    {
        var probe = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (probe.Read())
            {
                if (probe.CurrentDepth >= ToxiproxyConstants.MaxJsonDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // a syntax error before the depth limit
        }

        return false;
    }

    /// <summary>Requires an object; Go reports other kinds as an unmarshal type error.</summary>
    public static JsonElement RequireObject(JsonElement value, string goType)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
        {
            return value;
        }

        throw ApiErrors.BadRequestBody($"json: cannot unmarshal {Kind(value)} into Go value of type {goType}");
    }

    /// <summary>Finds a property case-insensitively; the last match wins. Null values count as absent.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var found = false;
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                found = true;
            }
        }

        return found && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>Reads a string field, or null when absent.</summary>
    public static string? String(JsonElement obj, string name, string goField)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw TypeError(value, goField, "string");
    }

    /// <summary>Reads a bool field, or null when absent.</summary>
    public static bool? Bool(JsonElement obj, string name, string goField)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw TypeError(value, goField, "bool"),
        };
    }

    /// <summary>Reads a float32 field (toxicity), or null when absent.</summary>
    public static float? Float32(JsonElement obj, string name, string goField)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && Math.Abs(d) <= float.MaxValue)
        {
            return (float)d;
        }

        throw TypeError(value, goField, "float32");
    }

    /// <summary>Reads an integer field (int64 or Go int), or null when absent; fractions are 400.</summary>
    public static long? Int64(JsonElement obj, string name, string goField, string goType)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && IsInteger(value.GetRawText()) && value.TryGetInt64(out var n))
        {
            return n;
        }

        throw TypeError(value, goField, goType);
    }

    private static bool IsInteger(string raw) => !raw.AsSpan().ContainsAny('.', 'e', 'E');

    private static ApiException TypeError(JsonElement value, string goField, string goType)
    {
        var kind = value.ValueKind == JsonValueKind.Number ? "number " + value.GetRawText() : Kind(value);
        if (value.ValueKind == JsonValueKind.Number && goType is "string" or "bool")
        {
            kind = "number";
        }

        return ApiErrors.BadRequestBody($"json: cannot unmarshal {kind} into Go struct field {goField} of type {goType}");
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    private static string SyntaxError(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return "EOF";
        }

        var first = (char)trimmed[0];
        return first is '{' or '[' or '"' or '-' or 't' or 'f' or 'n' or (>= '0' and <= '9')
            ? "unexpected EOF"
            : string.Create(CultureInfo.InvariantCulture, $"invalid character '{first}' looking for beginning of value");
    }
}
