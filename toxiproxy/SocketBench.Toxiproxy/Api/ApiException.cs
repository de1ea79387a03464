namespace SocketBench.Toxiproxy.Api;

/// <summary>An API failure with its HTTP status; the message is Toxiproxy's.</summary>
internal sealed class ApiException(int status, string message) : Exception(message)
{
    /// <summary>HTTP status code.</summary>
    public int Status { get; } = status;
}
