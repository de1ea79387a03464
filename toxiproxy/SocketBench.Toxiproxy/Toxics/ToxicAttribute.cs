namespace SocketBench.Toxiproxy.Toxics;

/// <summary>One named attribute of a toxic type, as it appears on the wire.</summary>
/// <param name="WireName">The JSON key, e.g. <c>average_size</c>.</param>
/// <param name="GoType">The Go field type, <c>int64</c> or <c>int</c>, used in error messages.</param>
internal sealed record ToxicAttribute(string WireName, string GoType = "int64");
