using System.Text;
using System.Text.Json;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// The closed catalogue of API errors (Toxiproxy's <c>Err…</c> block plus <c>apiError</c>), and the one
/// function that turns any exception into a response.
/// </summary>
internal static class ApiErrors
{
    /// <summary>400: the body is not JSON, has a wrong type, or is empty (<c>EOF</c>).</summary>
    public static ApiException BadRequestBody(string detail) => new(400, "bad request body: " + detail);

    /// <summary>400: a required field is missing; <paramref name="field"/> may carry <c>at proxy N</c>.</summary>
    public static ApiException MissingField(string field) => new(400, "missing required field: " + field);

    /// <summary>404.</summary>
    public static ApiException ProxyNotFound() => new(404, "proxy not found");

    /// <summary>409.</summary>
    public static ApiException ProxyAlreadyExists() => new(409, "proxy already exists");

    /// <summary>400: stream other than upstream/downstream.</summary>
    public static ApiException InvalidStream() => new(400, "stream was invalid, can be either upstream or downstream");

    /// <summary>400: unknown (case-sensitive) toxic type.</summary>
    public static ApiException InvalidToxicType() => new(400, "invalid toxic type");

    /// <summary>409: the name is used in either direction.</summary>
    public static ApiException ToxicAlreadyExists() => new(409, "toxic already exists");

    /// <summary>404.</summary>
    public static ApiException ToxicNotFound() => new(404, "toxic not found");

    /// <summary>400: attribute values that would break the toxic (our fix for slicer crashes).</summary>
    public static ApiException InvalidAttribute(string message) => new(400, message);

    /// <summary>500 with Go's error text (listen failures).</summary>
    public static ApiException Internal(string message) => new(500, message);

    /// <summary>Maps any exception to Toxiproxy's error body (<c>text/plain</c>, trailing newline).</summary>
    public static ApiResponse ToResponse(Exception error)
    {
        var (status, message) = error is ApiException api ? (api.Status, api.Message) : (500, error.Message);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
            new ErrorBody(message, status), ApiJsonContext.Default.ErrorBody) + "\n");
        return new ApiResponse(status, ApiResponse.TextPlain, body) { NoSniff = true };
    }
}
