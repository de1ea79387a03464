using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SocketBench.Toxiproxy.Api;

/// <summary>An HTTP response before it is written.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="ContentType">Content-Type header, or null for none.</param>
/// <param name="Body">Body bytes.</param>
internal sealed record ApiResponse(int Status, string? ContentType, byte[] Body)
{
    /// <summary>Content type of successful API responses.</summary>
    public const string Json = "application/json";

    /// <summary>Content type of errors (Go's <c>http.Error</c>).</summary>
    public const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>Adds <c>X-Content-Type-Options: nosniff</c>.</summary>
    public bool NoSniff { get; init; }

    /// <summary>Adds the <c>X-Toxiproxy-Request-Id</c> header (matched routes only).</summary>
    public bool RequestId { get; init; } = true;

    /// <summary>204 with no body.</summary>
    public static ApiResponse NoContent() => new(204, null, []);

    /// <summary>A JSON body from the source-generated context.</summary>
    public static ApiResponse FromJson<T>(int status, T value, JsonTypeInfo<T> info) =>
        new(status, Json, JsonSerializer.SerializeToUtf8Bytes(value, info));

    /// <summary>Go's 404 for an unmatched path.</summary>
    public static ApiResponse NotFound() =>
        new(404, TextPlain, "404 page not found\n"u8.ToArray()) { NoSniff = true, RequestId = false };

    /// <summary>gorilla/mux's 405: empty body.</summary>
    public static ApiResponse MethodNotAllowed() => new(405, null, []) { RequestId = false };
}
