namespace SocketBench.Toxiproxy.Cli;

/// <summary>Literals of the CLI: exit codes, defaults, the version it reports.</summary>
internal static class CliConstants
{
    /// <summary>Success.</summary>
    public const int ExitOk = 0;

    /// <summary>Every failure Toxiproxy's CLI reports with exit 1 (API errors, a missing proxy name or required flag).</summary>
    public const int ExitFailure = 1;

    /// <summary>Malformed command lines (unknown command or flag, a flag without its value): EX_USAGE.</summary>
    public const int ExitUsage = 64;

    /// <summary>The API when neither <c>-h</c> nor <c>TOXIPROXY_URL</c> is given (Toxiproxy's default).</summary>
    public const string DefaultHost = "http://localhost:8474";

    /// <summary>The version printed by <c>--version</c> (the server's).</summary>
    public const string Version = "2.12.0-socketbench";

    /// <summary>User-Agent of every request (Toxiproxy's CLI sends the same).</summary>
    public const string UserAgent = "toxiproxy-cli";
}
