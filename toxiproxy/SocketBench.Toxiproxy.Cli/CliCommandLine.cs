namespace SocketBench.Toxiproxy.Cli;

/// <summary>
/// Parses Toxiproxy CLI command lines: global flags, a command (or <c>toxic</c> and a subcommand), then the
/// command's flags and arguments in any order (<c>--</c> ends flags). Any mistake is one
/// <see cref="CliException"/> line with exit 64.
/// </summary>
internal static class CliCommandLine
{
    /// <summary>Parses <paramref name="args"/>; <paramref name="environmentUrl"/> is <c>TOXIPROXY_URL</c>.</summary>
    public static CliInvocation Parse(IReadOnlyList<string> args, string? environmentUrl)
    {
        var result = new CliInvocation();
        if (!string.IsNullOrWhiteSpace(environmentUrl))
        {
            result.Host = environmentUrl.Trim();
        }

        var i = 0;
        for (; i < args.Count && IsFlag(args[i]); i++)
        {
            var (name, inline) = SplitFlag(args[i]);
            switch (name)
            {
                case "host" or "h":
                    result.Host = inline ?? (++i < args.Count ? args[i] : throw CliException.Usage($"flag needs an argument: {args[i - 1]}"));
                    break;
                case "help":
                    result.ShowHelp = true;
                    break;
                case "version" or "v":
                    result.ShowVersion = true;
                    break;
                default:
                    throw CliException.Usage($"flag provided but not defined: {args[i]} (see toxiproxy-cli --help)");
            }
        }

        if (i >= args.Count || result.ShowHelp || result.ShowVersion)
        {
            result.ShowHelp |= !result.ShowVersion;
            return result;
        }

        if (args[i] is "help" or "h")
        {
            result.ShowHelp = true;
            result.Command = i + 1 < args.Count ? ResolveCommand(args, i + 1, out _) : null;
            return result;
        }

        result.Command = ResolveCommand(args, i, out var next);
        if (result.Command == CliCommands.Toxic.Name)
        {
            result.ShowHelp = true;
            return result;
        }

        ParseCommandFlags(args, next, CliCommands.Find(result.Command)!, result);
        return result;
    }

    /// <summary>Resolves the command word at <paramref name="at"/> (and a toxic subcommand) to its canonical name.</summary>
    private static string ResolveCommand(IReadOnlyList<string> args, int at, out int next)
    {
        var word = args[at];
        var command = CliCommands.Top.FirstOrDefault(c => c.Matches(word))
            ?? throw CliException.Usage($"unknown command '{word}' (see toxiproxy-cli --help)");
        next = at + 1;
        if (command != CliCommands.Toxic || next >= args.Count || IsFlag(args[next]))
        {
            return command.Name;
        }

        var subWord = args[next];
        var sub = CliCommands.ToxicSubcommands.FirstOrDefault(c => c.Matches(subWord))
            ?? throw CliException.Usage($"unknown toxic command '{subWord}' (expected add, update or remove)");
        next++;
        return "toxic " + sub.Name;
    }

    private static void ParseCommandFlags(IReadOnlyList<string> args, int start, CliCommand command, CliInvocation result)
    {
        var flagsEnded = false;
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (flagsEnded || !IsFlag(arg))
            {
                result.Args.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                flagsEnded = true;
                continue;
            }

            var (name, inline) = SplitFlag(arg);
            if (name == "help")
            {
                result.ShowHelp = true;
                continue;
            }

            var flag = command.Flags.FirstOrDefault(f => f.Matches(name))
                ?? throw CliException.Usage($"flag provided but not defined: {arg} (see toxiproxy-cli {command.Name} --help)");
            string value;
            if (flag.IsBool)
            {
                value = inline is null ? "true" : ParseBool(arg, inline);
            }
            else
            {
                value = inline ?? (++i < args.Count ? args[i] : throw CliException.Usage($"flag needs an argument: {arg}"));
            }

            if (!result.Flags.TryGetValue(flag.Name, out var values))
            {
                result.Flags[flag.Name] = values = [];
            }
            else if (!flag.Repeatable)
            {
                values.Clear();
            }

            values.Add(value);
        }
    }

    private static bool IsFlag(string arg) => arg.Length > 1 && arg[0] == '-';

    private static (string Name, string? Inline) SplitFlag(string arg)
    {
        var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
        var eq = name.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (name, null) : (name[..eq], name[(eq + 1)..]);
    }

    /// <summary>Go's strconv.ParseBool spellings.</summary>
    private static string ParseBool(string arg, string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => throw CliException.Usage($"invalid boolean value '{text}' for flag {arg}"),
    };
}
