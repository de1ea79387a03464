namespace SocketBench.Toxiproxy.Client;

/// <summary>Checks shared by both address kinds.</summary>
internal static class ProxyAddressText
{
    public static string Require(string? address, string what) =>
        string.IsNullOrWhiteSpace(address) ? throw new ArgumentException($"{what} address is empty", what) : address;
}
