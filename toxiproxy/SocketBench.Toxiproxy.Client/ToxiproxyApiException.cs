using System.Net;

namespace SocketBench.Toxiproxy.Client;

/// <summary>A non-2xx answer from a Toxiproxy-compatible API.</summary>
public sealed class ToxiproxyApiException : Exception
{
    /// <summary>Creates the exception from a status and the server's <c>error</c> text.</summary>
    public ToxiproxyApiException(HttpStatusCode status, string message)
        : base($"HTTP {(int)status}: {message}")
    {
        Status = status;
        ApiMessage = message;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public ToxiproxyApiException(string message)
        : this(HttpStatusCode.InternalServerError, message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public ToxiproxyApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = HttpStatusCode.InternalServerError;
        ApiMessage = message;
    }

    /// <summary>Creates an empty exception.</summary>
    public ToxiproxyApiException()
        : this(HttpStatusCode.InternalServerError, "unknown error")
    {
    }

    /// <summary>HTTP status code.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The server's <c>error</c> message (e.g. <c>proxy not found</c>).</summary>
    public string ApiMessage { get; }
}
