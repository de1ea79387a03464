using SocketBench.Toxiproxy.Client;

namespace SocketBench.Toxiproxy.Cli;

/// <summary>Thin entry point: parse, run one command against the API, map every failure to one line and an exit code.</summary>
internal static class CliProgram
{
    /// <summary>Runs the CLI; 0 on success, 1 on failures Toxiproxy's CLI reports with 1, 64 on malformed command lines.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool isTerminal)
    {
        try
        {
            var invocation = CliCommandLine.Parse(args, Environment.GetEnvironmentVariable(ToxiproxyClient.UrlVariable));
            if (invocation.ShowVersion)
            {
                await stdout.WriteAsync($"toxiproxy-cli version {CliConstants.Version}\n").ConfigureAwait(false);
                return CliConstants.ExitOk;
            }

            if (invocation.ShowHelp)
            {
                await stdout.WriteAsync(CliHelp.For(invocation.Command)).ConfigureAwait(false);
                return CliConstants.ExitOk;
            }

            using var client = new ToxiproxyClient(ApiUrl(invocation.Host)) { UserAgent = CliConstants.UserAgent };
            await new CliActions(client, new CliOutput(stdout, isTerminal)).RunAsync(invocation).ConfigureAwait(false);
            return CliConstants.ExitOk;
        }
        catch (CliException e)
        {
            await stderr.WriteAsync(e.Message + "\n").ConfigureAwait(false);
            return e.ExitCode;
        }
        finally
        {
            await stdout.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary><c>-h</c> as Toxiproxy's client takes it: <c>http://</c> is added when no scheme is given.</summary>
    private static Uri ApiUrl(string host)
    {
        try
        {
            return ToxiproxyClient.ParseUrl(host) is { Scheme: "http" or "https" } url
                ? url
                : throw CliException.Usage($"invalid host '{host}' (expected HOST:PORT or http://HOST:PORT)");
        }
        catch (UriFormatException)
        {
            throw CliException.Usage($"invalid host '{host}' (expected HOST:PORT or http://HOST:PORT)");
        }
    }
}
