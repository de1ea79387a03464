using System.Text;

namespace SocketBench.Toxiproxy.Cli;

/// <summary>Help texts, laid out like Toxiproxy's CLI (urfave/cli): NAME, USAGE, COMMANDS, OPTIONS.</summary>
internal static class CliHelp
{
    private const string ToxicTypes = """
          Toxics (attributes default to 0):
            latency     delay all data +/- jitter                     latency=<ms>,jitter=<ms>
            bandwidth   limit to max KB/s (KB = 1000 bytes)           rate=<KB/s>
            slow_close  delay the close                               delay=<ms>
            timeout     stop all data and close after timeout         timeout=<ms>
            reset_peer  close with a TCP RST, at once or after timeout timeout=<ms>
            slicer      slice data into pieces, with optional delay   average_size=<bytes>,size_variation=<bytes>,delay=<microseconds>
            limit_data  close once this many bytes have passed        bytes=<bytes>
            noop        pass everything through

          toxic add:    toxiproxy-cli toxic add -t <type> [-u|-d] [-n <toxicName>] [--tox <float>] -a <key=value> [-a ...] <proxyName>
                        example: toxiproxy-cli toxic add -t latency -n myToxic -a latency=100 -a jitter=50 myProxy
          toxic update: toxiproxy-cli toxic update -n <toxicName> [--tox <float>] -a <key=value> [-a ...] <proxyName>
                        example: toxiproxy-cli toxic update -n myToxic -a jitter=25 myProxy
                        (attributes and toxicity not given keep their values)
          toxic remove: toxiproxy-cli toxic remove -n <toxicName> <proxyName>
                        example: toxiproxy-cli toxic remove -n myToxic myProxy

        """;

    /// <summary>The main help, or a command's help for <paramref name="command"/> (<c>list</c>, <c>toxic</c>, <c>toxic add</c>...).</summary>
    public static string For(string? command)
    {
        if (command is null)
        {
            return MainHelp();
        }

        if (command == CliCommands.Toxic.Name)
        {
            return Toxic();
        }

        var spec = CliCommands.Find(command)!;
        var sb = new StringBuilder();
        sb.Append("NAME:\n   toxiproxy-cli ").Append(command).Append(" - ").Append(spec.Usage).Append("\n\n");
        sb.Append("USAGE:\n   toxiproxy-cli ").Append(command).Append(spec.Flags.Length > 0 ? " [command options]" : "")
            .Append(spec.ArgsUsage.Length > 0 ? " " + spec.ArgsUsage : "").Append("\n\n");
        if (spec.Aliases.Length > 0)
        {
            sb.Append("ALIASES:\n   ").AppendJoin(", ", spec.Aliases).Append("\n\n");
        }

        sb.Append("OPTIONS:\n");
        var width = spec.Flags.Select(f => FlagNames(f).Length).Append("--help".Length).Max() + 2;
        foreach (var flag in spec.Flags)
        {
            sb.Append("   ").Append(FlagNames(flag).PadRight(width)).Append(flag.Usage).Append('\n');
        }

        sb.Append("   ").Append("--help".PadRight(width)).Append("show help\n");
        return sb.ToString();
    }

    private static string MainHelp()
    {
        var sb = new StringBuilder();
        sb.Append("NAME:\n   toxiproxy-cli - Simulate network and system conditions\n\n");
        sb.Append("USAGE:\n   toxiproxy-cli [global options] command [command options] [arguments...]\n\n");
        sb.Append("VERSION:\n   ").Append(CliConstants.Version).Append("\n\n");
        sb.Append("COMMANDS:\n");
        foreach (var command in CliCommands.Top)
        {
            var names = string.Join(", ", [command.Name, .. command.Aliases]);
            sb.Append("   ").Append(names.PadRight(20)).Append(command.Usage).Append(Example(command)).Append('\n');
        }

        sb.Append("   ").Append("help, h".PadRight(20)).Append("shows a list of commands or help for one command\n\n");
        sb.Append("GLOBAL OPTIONS:\n");
        sb.Append("   --host value, -h value  toxiproxy host to connect to (default: \"").Append(CliConstants.DefaultHost).Append("\") [$TOXIPROXY_URL]\n");
        sb.Append("   --help                  show help\n");
        sb.Append("   --version, -v           print the version\n\n");
        sb.Append("EXIT STATUS:\n   0 success; 1 the command failed (API error, missing proxy name or required flag); 64 malformed command line\n");
        return sb.ToString();
    }

    private static string Toxic()
    {
        var sb = new StringBuilder();
        sb.Append("NAME:\n   toxiproxy-cli toxic - add, remove or update a toxic\n\n");
        sb.Append("USAGE:\n   toxiproxy-cli toxic command [command options] <proxyName>\n\n");
        sb.Append("DESCRIPTION:\n").Append(ToxicTypes);
        sb.Append("COMMANDS:\n");
        foreach (var command in CliCommands.ToxicSubcommands)
        {
            sb.Append("   ").Append(string.Join(", ", [command.Name, .. command.Aliases]).PadRight(20)).Append(command.Usage).Append('\n');
        }

        return sb.ToString();
    }

    private static string Example(CliCommand command) => command.Name switch
    {
        "create" => "\n\tusage: 'toxiproxy-cli create --listen <addr> --upstream <addr> <proxyName>'",
        "toxic" => "\n\tusage: see 'toxiproxy-cli toxic'",
        "list" => "",
        _ => $"\n\tusage: 'toxiproxy-cli {command.Name} <proxyName>'",
    };

    private static string FlagNames(CliFlag flag)
    {
        var value = flag.IsBool ? "" : " value";
        return string.Join(", ", [$"--{flag.Name}{value}", .. flag.Aliases.Select(a => (a.Length == 1 ? "-" : "--") + a + value)]);
    }
}
