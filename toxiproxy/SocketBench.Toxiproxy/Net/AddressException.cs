namespace SocketBench.Toxiproxy.Net;

/// <summary>An address that cannot be parsed, resolved or bound; the message is Go-compatible.</summary>
internal sealed class AddressException(string message) : Exception(message);
