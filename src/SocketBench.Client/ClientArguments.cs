using SocketBench.Cli;

namespace SocketBench.Client;

/// <summary>Parses the client's command line into <see cref="ClientOptions"/>.</summary>
internal static class ClientArguments
{
    public const string Usage = """
        Usage: client [options] HOST PORT

        Reads stdin until EOF in fixed chunks and sends it to the server at HOST PORT
        (HOST: IPv4 or IPv6 address, or a host name). Connect failures that may pass
        (refused, timed out, unreachable) are retried with exponential back-off.

        Options:
          --retries N              connect retries after the first attempt (default 5, 0..100)
          --connect-timeout SECS   time for one connect attempt (default 5)
          --chunk-size BYTES       stdin read size (default 65536)
          --drain-timeout SECS     wait for the server's close after sending (default 5)
          --send-buffer BYTES      socket send buffer (SO_SNDBUF; default: the kernel's)
          --receipt                expect the server's receipt line (server --receipt) and
                                   compare its byte count and SHA-256 with what was sent;
                                   exit 74 naming the difference, or when none comes
          -v, --verbose            retry lines and a final stats line on stderr
          -h, --help               show this help
          --version                show the version

        Exit codes: 0 sent and confirmed (with --receipt: the receipt matched); 64 bad
        arguments; 68 unknown host; 69 connect failed (not retryable); 74 failure after the
        first byte, stdin unreadable, or a missing or differing receipt; 75 retries
        exhausted; 77 connect refused by policy.
        """;

    public static ClientOptions Parse(string[] args)
    {
        var reader = new ArgReader(args);
        var o = new ClientOptions();
        const double Min = ClientConstants.MinTimeoutSeconds, Max = ClientConstants.MaxTimeoutSeconds;
        while (reader.NextOption() is { } option)
        {
            o = option switch
            {
                "--retries" => o with { Retries = reader.Int32(option, 0, ClientConstants.MaxRetries) },
                "--connect-timeout" => o with { ConnectTimeout = reader.Seconds(option, Min, Max) },
                "--chunk-size" => o with { ChunkSize = reader.Int32(option, ClientConstants.MinChunkSize, ClientConstants.MaxChunkSize) },
                "--send-buffer" => o with { SendBuffer = reader.Int32(option, ClientConstants.MinSendBuffer, ClientConstants.MaxChunkSize) },
                "--drain-timeout" => o with { DrainTimeout = reader.Seconds(option, Min, Max) },
                "--receipt" => reader.Flag(option, o with { Receipt = true }),
                "-v" or "--verbose" => reader.Flag(option, o with { Verbose = true }),
                "-h" or "--help" => reader.Flag(option, o with { Help = true }),
                "--version" => reader.Flag(option, o with { Version = true }),
                _ => throw ArgReader.Unknown(option),
            };
        }

        if (o.Help || o.Version)
        {
            return o;
        }

        var p = reader.Positionals;
        return p.Count switch
        {
            < 2 => throw new UsageException($"missing {(p.Count == 0 ? "HOST and PORT" : "PORT")} (usage: client [options] HOST PORT)"),
            2 => o with { Host = ParseHost(p[0]), Port = ArgReader.ParsePort(p[1], min: 1) },
            _ => throw new UsageException($"unexpected argument '{p[2]}' (usage: client [options] HOST PORT)"),
        };
    }


    private static string ParseHost(string text)
    {
        var host = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new UsageException($"invalid host '{text}' (expected an IP address or a host name)");
        }

        return host;
    }
}
