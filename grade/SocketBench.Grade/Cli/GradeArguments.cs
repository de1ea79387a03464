using SocketBench.Cli;

namespace SocketBench.Grade.Cli;

/// <summary>The parsed command line (GRADE-CONTRACT.md).</summary>
public sealed record GradeArguments
{
    public GradeCommand Command { get; init; } = GradeCommand.Grade;

    /// <summary>Gets the submission directory (<c>grade DIR</c>), or null.</summary>
    public string? Directory { get; init; }

    public string? Server { get; init; }

    public string? Client { get; init; }

    /// <summary>Gets the folder of submissions (<c>--submissions DIR</c>).</summary>
    public string? SubmissionsDirectory { get; init; }

    /// <summary>Gets the folders searched for results.json (<c>merge DIR...</c>).</summary>
    public IReadOnlyList<string> MergeDirectories { get; init; } = [];

    public bool Quick { get; init; }

    /// <summary>Gets "server" or "client" to grade one side only, or null for both.</summary>
    public string? Only { get; init; }

    /// <summary>Gets where reports go, or null for grade/reports/&lt;UTC stamp&gt;.</summary>
    public string? Reports { get; init; }

    public bool NoNetns { get; init; }

    /// <summary>Gets the submission's name on its card (default: the directory's name).</summary>
    public string? Name { get; init; }

    /// <summary>Gets how many submissions run at once (default: the core count).</summary>
    public int? Jobs { get; init; }

    /// <summary>Gets the check IDs or ID prefixes to run (<c>--checks beyond-receipt,fault-</c>); empty runs every check.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>Whether check <paramref name="id"/> runs: every check without --checks, else those whose ID starts with an entry.</summary>
    public bool Selects(string id) => Checks.Count == 0 || Checks.Any(c => id.StartsWith(c, StringComparison.Ordinal));

    public const string Usage = """
        usage: grade [options] DIR                   grade DIR/server and DIR/client (either may be missing)
               grade [options] --server PATH --client PATH
               grade [options] --submissions DIR     every subdirectory, plus a class summary
               grade merge [--reports OUT] DIR...    class summary from results.json files made elsewhere
        options:
          --quick              spec tier on short messages only (no 64 MiB, no 1 GiB, no faults)
          --only server|client grade one side
          --reports DIR        where cards go (default grade/reports/<UTC stamp>/<submission>/)
          --no-netns           do not run the submission in a fresh network namespace
          --name NAME          the submission's name on its card (default: the directory's name)
          --jobs N             submissions graded at once with --submissions (default: cores)
          --checks LIST        run only these checks: comma list of IDs or ID prefixes (e.g. beyond-receipt,fault-)
          -h, --help           this text
          --version            the grader's version
        exit: 0 every spec check passed; 1 some failed; 64 bad arguments; 66 programs missing or not executable
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> with one line on bad input.</summary>
    public static GradeArguments Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "merge")
        {
            return ParseMerge(args[1..]);
        }

        var reader = new ArgReader(args);
        var result = new GradeArguments();
        while (reader.NextOption() is { } option)
        {
            result = option switch
            {
                "-h" or "--help" => reader.Flag(option, result with { Command = GradeCommand.Help }),
                "--version" => reader.Flag(option, result with { Command = GradeCommand.Version }),
                "--quick" => reader.Flag(option, result with { Quick = true }),
                "--no-netns" => reader.Flag(option, result with { NoNetns = true }),
                "--only" => result with { Only = Side(reader.Value(option)) },
                "--reports" => result with { Reports = NonEmpty(option, reader.Value(option)) },
                "--server" => result with { Server = NonEmpty(option, reader.Value(option)) },
                "--client" => result with { Client = NonEmpty(option, reader.Value(option)) },
                "--submissions" => result with { SubmissionsDirectory = NonEmpty(option, reader.Value(option)) },
                "--name" => result with { Name = NonEmpty(option, reader.Value(option)) },
                "--jobs" => result with { Jobs = reader.Int32(option, 1, 256) },
                "--checks" => result with { Checks = CheckList(option, reader.Value(option)) },
                _ => throw ArgReader.Unknown(option),
            };
        }

        if (result.Command is GradeCommand.Help or GradeCommand.Version)
        {
            return result;
        }

        return Resolve(result, reader.Positionals);
    }

    private static GradeArguments Resolve(GradeArguments result, List<string> positionals)
    {
        var loose = result.Server is not null || result.Client is not null;
        if (result.SubmissionsDirectory is not null)
        {
            if (loose || positionals.Count > 0)
            {
                throw new UsageException("--submissions DIR takes no other directory, --server or --client");
            }

            return result with { Command = GradeCommand.Submissions };
        }

        if (loose)
        {
            return positionals.Count == 0
                ? result
                : throw new UsageException($"unexpected argument '{positionals[0]}' with --server/--client");
        }

        return positionals.Count switch
        {
            0 => throw new UsageException("missing DIR (or --server PATH --client PATH, or --submissions DIR); see --help"),
            1 => result with { Directory = positionals[0] },
            _ => throw new UsageException($"unexpected argument '{positionals[1]}' (one DIR at a time; use --submissions for many)"),
        };
    }

    private static GradeArguments ParseMerge(string[] args)
    {
        var reader = new ArgReader(args);
        var result = new GradeArguments { Command = GradeCommand.Merge };
        while (reader.NextOption() is { } option)
        {
            result = option switch
            {
                "--reports" => result with { Reports = NonEmpty(option, reader.Value(option)) },
                "-h" or "--help" => reader.Flag(option, result with { Command = GradeCommand.Help }),
                _ => throw ArgReader.Unknown(option),
            };
        }

        return result.Command == GradeCommand.Help || reader.Positionals.Count > 0
            ? result with { MergeDirectories = reader.Positionals }
            : throw new UsageException("merge needs at least one DIR holding results.json files");
    }

    private static string Side(string value) => value is "server" or "client"
        ? value
        : throw new UsageException($"invalid --only '{value}' (expected server or client)");

    /// <summary>A comma list of check IDs or prefixes, each matching some check of the catalogue.</summary>
    private static string[] CheckList(string option, string value)
    {
        var entries = NonEmpty(option, value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = entries.FirstOrDefault(e => !SocketBench.Grade.Checks.Catalogue.All.Any(c => c.Id.StartsWith(e, StringComparison.Ordinal)));
        return entries.Length == 0 ? throw new UsageException($"option {option} needs a non-empty value")
            : unknown is not null ? throw new UsageException($"option {option}: '{unknown}' names no check (IDs: grade/README.md)")
            : entries;
    }

    private static string NonEmpty(string option, string value) => value.Length > 0
        ? value
        : throw new UsageException($"option {option} needs a non-empty value");
}
