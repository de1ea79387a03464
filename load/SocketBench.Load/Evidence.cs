namespace SocketBench.Load;

/// <summary>A named fact measured by a scenario, shown in the console and the reports.</summary>
public sealed record Evidence(string Label, string Value);
