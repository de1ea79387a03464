using System.Text;

namespace SocketBench.Toxiproxy.Api;

/// <summary>A request the API refuses before routing it: answered with a plain-text status, then closed.</summary>
internal sealed class HttpLimitException(int status, string text) : Exception(text)
{
    /// <summary>Malformed request line, header, length or chunk.</summary>
    public static HttpLimitException BadRequest() => new(400, "400 Bad Request");

    /// <summary>The body is larger than <see cref="ToxiproxyConstants.MaxRequestBodyBytes"/>.</summary>
    public static HttpLimitException BodyTooLarge() => new(413, "413 Request Entity Too Large");

    /// <summary>The head is larger than <see cref="ToxiproxyConstants.MaxRequestHeadBytes"/>.</summary>
    public static HttpLimitException HeadTooLarge() => new(431, "431 Request Header Fields Too Large");

    /// <summary>More concurrent connections than <see cref="ToxiproxyOptions.MaxApiConnections"/>.</summary>
    public static HttpLimitException TooManyConnections() => new(503, "503 Service Unavailable: too many API connections");

    /// <summary>The response to send.</summary>
    public ApiResponse Response() =>
        new(status, ApiResponse.TextPlain, Encoding.ASCII.GetBytes(Message + "\n")) { RequestId = false, NoSniff = true };
}
