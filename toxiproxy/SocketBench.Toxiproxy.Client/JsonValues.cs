using System.Globalization;
using System.Text.Json;

namespace SocketBench.Toxiproxy.Client;

/// <summary>JSON values for request bodies.</summary>
internal static class JsonValues
{
    public static JsonElement Of(long value)
    {
        using var doc = JsonDocument.Parse(value.ToString(CultureInfo.InvariantCulture));
        return doc.RootElement.Clone();
    }

    public static JsonElement Of(string value)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(value, ClientJsonContext.Default.String));
        return doc.RootElement.Clone();
    }

    /// <summary>The value as a whole number (<c>100</c> or <c>100.0</c>); null for fractions, strings and anything else.</summary>
    public static long? AsInt64(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetInt64(out var whole))
        {
            return whole;
        }

        return value.TryGetDouble(out var d) && Math.Abs(d) < 9.2e18 && d == Math.Floor(d) ? (long)d : null;
    }
}
