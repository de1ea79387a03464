using System.Net;
using SocketBench.Cli;

namespace SocketBench.Server;

/// <summary>Parses the server's command line into <see cref="ServerOptions"/>.</summary>
internal static class ServerArguments
{
    public const string Usage = """
        Usage: server [options] PORT

        Listens on PORT (0 = let the OS choose), accepts one client at a time (up to N with
        --concurrency) and writes each client's bytes to stdout exactly as received, never
        interleaved. Runs until SIGINT or SIGTERM (exit 0).
        Accepted connections have TCP keepalive on (idle 60 s, then 6 probes 10 s apart), so a
        client whose host vanished is dropped after about 2 minutes of silence.

        Options:
          --backlog N            listen queue length (default 10, 1..65535)
          --bind ADDR            address to listen on (default: all, IPv6 dual-stack)
          --idle-timeout SECS    drop a client silent for SECS (default: off)
          --client-timeout SECS  drop a client still connected SECS after it was accepted,
                                 however slowly it keeps sending (default: off)
          --concurrency N        serve up to N clients at once (default 1, 1..1024); above 1
                                 each message is spooled and written to stdout whole at
                                 the client's EOF, in completion order
          --spool-memory BYTES   per client, bytes held in memory before the rest of the
                                 message goes to an unlinked file in $TMPDIR or /tmp
                                 (default 1048576, 0..1073741824; 0 = always a file)
          --receipt              after writing a client's bytes, send it
                                 "SBR/1 <bytes> <sha256hex>\n", then close
          -v, --verbose          one stderr line per client
          -h, --help             show this help
          --version              show the version

        Exit codes: 0 clean shutdown; 64 bad arguments; 69 port in use or address not on
        this host; 71 OS failure at start; 74 stdout cannot be written; 77 no permission.
        """;

    public static ServerOptions Parse(string[] args)
    {
        var reader = new ArgReader(args);
        var options = new ServerOptions();
        while (reader.NextOption() is { } option)
        {
            options = option switch
            {
                "--backlog" => options with { Backlog = reader.Int32(option, ServerConstants.MinBacklog, ServerConstants.MaxBacklog) },
                "--bind" => options with { Bind = ParseAddress(reader.Value(option)) },
                "--idle-timeout" => options with { IdleTimeout = reader.Seconds(option, 0.001, ServerConstants.MaxIdleTimeoutSeconds) },
                "--client-timeout" => options with { ClientTimeout = reader.Seconds(option, 0.001, ServerConstants.MaxIdleTimeoutSeconds) },
                "--concurrency" => options with { Concurrency = reader.Int32(option, 1, ServerConstants.MaxConcurrency) },
                "--spool-memory" => options with { SpoolMemory = reader.Int32(option, 0, ServerConstants.MaxSpoolMemory) },
                "--receipt" => reader.Flag(option, options with { Receipt = true }),
                "-v" or "--verbose" => reader.Flag(option, options with { Verbose = true }),
                "-h" or "--help" => reader.Flag(option, options with { Help = true }),
                "--version" => reader.Flag(option, options with { Version = true }),
                _ => throw ArgReader.Unknown(option),
            };
        }

        if (options.Help || options.Version)
        {
            return options;
        }

        return reader.Positionals.Count switch
        {
            0 => throw new UsageException("missing PORT (usage: server [options] PORT)"),
            1 => options with { Port = ArgReader.ParsePort(reader.Positionals[0], min: 0) },
            _ => throw new UsageException($"unexpected argument '{reader.Positionals[1]}' (usage: server [options] PORT)"),
        };
    }


    private static IPAddress ParseAddress(string text)
    {
        var trimmed = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        return IPAddress.TryParse(trimmed, out var address)
            ? address
            : throw new UsageException($"invalid --bind '{text}' (expected an IPv4 or IPv6 address)");
    }
}
