namespace SocketBench.GradeTests;

/// <summary>The spec-tier check IDs of the grade contract (GRADE-CONTRACT.md; grade/README.md).</summary>
internal static class SpecChecks
{
    public static IReadOnlyList<string> Server { get; } =
    [
        "server-exact-short", "server-exact-text-100k", "server-exact-binary-100k", "server-exact-nul",
        "server-exact-empty", "server-exact-one-byte", "server-exact-no-newline", "server-exact-64mib",
        "server-sequential-clients", "server-overlapping-no-interleave", "server-queue-length",
        "server-queued-all-served", "server-flush-before-next", "server-survives-reset",
        "server-survives-connect-close", "server-survives-stall", "server-fatal-error-exits",
        "server-exits-on-signal",
    ];

    public static IReadOnlyList<string> Client { get; } =
    [
        "client-exact-short", "client-exact-text-100k", "client-exact-binary-100k", "client-exact-nul",
        "client-exact-empty", "client-exact-one-byte", "client-exact-no-newline", "client-exact-64mib",
        "client-constant-memory", "client-partial-sends", "client-no-server-error", "client-reset-mid-send",
        "client-bad-arguments", "client-no-traceback",
    ];

    /// <summary>Checks that --quick leaves out (the long messages).</summary>
    public static IReadOnlySet<string> NotInQuick { get; } =
        new HashSet<string>(["server-exact-64mib", "client-exact-64mib", "client-constant-memory"], StringComparer.Ordinal);

    public static IEnumerable<string> All => Server.Concat(Client);

    /// <summary>The checks a run must have graded: the present sides', less the long ones in --quick.</summary>
    public static IEnumerable<string> Expected(bool server, bool client, bool quick) =>
        (server ? Server : []).Concat(client ? Client : []).Where(id => !quick || !NotInQuick.Contains(id));
}
