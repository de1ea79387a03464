using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketBench.Toxiproxy.Client;

/// <summary>
/// A toxic as the server reports it. <see cref="Attributes"/> holds every attribute as raw JSON (a float
/// or a string from another server never throws); <see cref="GetInt64"/>, <see cref="ToSpec"/> and
/// <see cref="As{T}"/> read them typed.
/// </summary>
public sealed class ToxicInfo
{
    /// <summary>Name, unique within the proxy.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Wire type, e.g. <c>latency</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    /// <summary>Stream exactly as it was sent (<c>upstream</c>, <c>downstream</c>, or e.g. <c>UpStream</c>).</summary>
    [JsonPropertyName("stream")]
    public string Stream { get; init; } = string.Empty;

    /// <summary>Probability per link.</summary>
    [JsonPropertyName("toxicity")]
    public float Toxicity { get; init; }

    /// <summary>Attributes by wire name, all of the type's, defaults included, as raw JSON values.</summary>
    [JsonPropertyName("attributes")]
    public Dictionary<string, JsonElement> Attributes { get; init; } = [];

    /// <summary><see cref="Stream"/> parsed (case-insensitive; anything but <c>upstream</c> is downstream, as the server).</summary>
    [JsonIgnore]
    public ToxicStream Direction =>
        string.Equals(Stream, "upstream", StringComparison.OrdinalIgnoreCase) ? ToxicStream.Upstream : ToxicStream.Downstream;

    /// <summary>An attribute as a whole number; null when absent or not a whole number (a fraction, a string).</summary>
    public long? GetInt64(string attribute) =>
        Attributes.TryGetValue(attribute, out var value) ? JsonValues.AsInt64(value) : null;

    /// <summary>
    /// The toxic as its typed spec (<see cref="LatencyToxic"/>, ...; <see cref="CustomToxic"/> for a type
    /// this client does not know), with name, stream and toxicity filled in.
    /// </summary>
    public ToxicSpec ToSpec() => ToxicSpec.FromInfo(this);

    /// <summary>The toxic as <typeparamref name="T"/>; throws <see cref="InvalidOperationException"/> naming both types when it is another type.</summary>
    public T As<T>()
        where T : ToxicSpec
    {
        var spec = ToSpec();
        return spec as T ?? throw new InvalidOperationException($"toxic '{Name}' is of type '{Type}', not {typeof(T).Name}");
    }
}
