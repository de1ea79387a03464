using System.Globalization;

namespace SocketBench.Toxiproxy;

/// <summary>Parsed command line (Go <c>flag</c> syntax: <c>-x v</c>, <c>-x=v</c>, <c>--x</c>).</summary>
/// <param name="Options">Server options.</param>
/// <param name="ShowVersion">Print the version and exit.</param>
/// <param name="ShowHelp">Print usage and exit.</param>
internal sealed record ToxiproxyArguments(ToxiproxyOptions Options, bool ShowVersion, bool ShowHelp)
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage of toxiproxy-server:
          -config string
                JSON file containing proxies to create on startup (the /populate format; entries may list toxics)
          -host string
                Host for toxiproxy's API to listen on (default "localhost")
          -port string
                Port for toxiproxy's API to listen on (default "8474")
          -proxy-metrics
                enable toxiproxy-specific metrics at /metrics
          -runtime-metrics
                enable runtime-related metrics at /metrics
          -seed int
                Seed for randomizing toxics with (default: from the clock)
          -version
                print the version (2.12.0-socketbench)
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public static ToxiproxyArguments Parse(IReadOnlyList<string> args)
    {
        var options = new ToxiproxyOptions();
        bool version = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-" || arg == "--")
            {
                throw new ArgumentException($"unexpected argument: {arg}");
            }

            var name = arg.TrimStart('-');
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            switch (name)
            {
                case "version":
                    version = ParseBool(name, value);
                    break;
                case "h" or "help":
                    help = true;
                    break;
                case "proxy-metrics":
                    options.ProxyMetrics = ParseBool(name, value);
                    break;
                case "runtime-metrics":
                    options.RuntimeMetrics = ParseBool(name, value);
                    break;
                case "host":
                    options.Host = value ?? Next(args, ref i, name);
                    break;
                case "port":
                    options.Port = ParsePort(value ?? Next(args, ref i, name));
                    break;
                case "config":
                    var path = value ?? Next(args, ref i, name);
                    options.ConfigPath = path.Length == 0 ? null : path;
                    break;
                case "seed":
                    var text = value ?? Next(args, ref i, name);
                    options.Seed = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                        ? seed
                        : throw new ArgumentException($"invalid value \"{text}\" for flag -seed: must be an integer");
                    break;
                default:
                    throw new ArgumentException($"flag provided but not defined: -{name}");
            }
        }

        return new ToxiproxyArguments(options, version, help);
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string name) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"flag needs an argument: -{name}");

    private static bool ParseBool(string name, string? value) => value switch
    {
        null or "true" or "1" or "t" or "T" or "TRUE" or "True" => true,
        "false" or "0" or "f" or "F" or "FALSE" or "False" => false,
        _ => throw new ArgumentException($"invalid boolean value \"{value}\" for -{name}"),
    };

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"invalid value \"{text}\" for flag -port: must be 0-65535");
}
