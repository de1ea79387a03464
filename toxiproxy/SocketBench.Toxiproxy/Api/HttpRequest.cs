namespace SocketBench.Toxiproxy.Api;

/// <summary>A parsed HTTP/1.1 request.</summary>
/// <param name="Method">Upper-case method.</param>
/// <param name="Path">The path without the query string, still percent-encoded.</param>
/// <param name="UserAgent">The User-Agent header, or empty.</param>
/// <param name="Body">The request body.</param>
internal sealed record HttpRequest(string Method, string Path, string UserAgent, byte[] Body);
