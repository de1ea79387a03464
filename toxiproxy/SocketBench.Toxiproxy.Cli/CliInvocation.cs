namespace SocketBench.Toxiproxy.Cli;

/// <summary>What the command line asked for, after parsing.</summary>
internal sealed class CliInvocation
{
    /// <summary>The API URL (<c>-h</c>, else <c>TOXIPROXY_URL</c>, else the default).</summary>
    public string Host { get; set; } = CliConstants.DefaultHost;

    /// <summary>The command to run: <c>list</c>, ..., <c>toxic add</c>; null shows the main help.</summary>
    public string? Command { get; set; }

    /// <summary>Help was asked for (<c>--help</c>, <c>help</c>, or <c>toxic</c> alone): print help for <see cref="Command"/>.</summary>
    public bool ShowHelp { get; set; }

    /// <summary><c>--version</c>/<c>-v</c>.</summary>
    public bool ShowVersion { get; set; }

    /// <summary>Positional arguments of the command (the proxy name first).</summary>
    public List<string> Args { get; } = [];

    /// <summary>Flag values by canonical flag name, in the order given.</summary>
    public Dictionary<string, List<string>> Flags { get; } = new(StringComparer.Ordinal);

    /// <summary>The last value of a string flag, or null.</summary>
    public string? Get(string flag) => Flags.TryGetValue(flag, out var values) ? values[^1] : null;

    /// <summary>Every value of a repeatable flag.</summary>
    public IReadOnlyList<string> GetAll(string flag) => Flags.TryGetValue(flag, out var values) ? values : [];

    /// <summary>A bool flag: true when given without a value or with a true value.</summary>
    public bool IsSet(string flag) => Get(flag) is "true";
}
