namespace SocketBench.Grade.Model;

/// <summary>Tier IDs as results.json spells them.</summary>
public static class TierId
{
    /// <summary>The seed spec: the only tier that decides the exit code.</summary>
    public const string Spec = "spec";

    /// <summary>Chaos scenarios through the fault proxy, with outcome classes.</summary>
    public const string Faults = "faults";

    /// <summary>Our extensions, detected and credited; never fails the grade.</summary>
    public const string Beyond = "beyond";

    public static readonly IReadOnlyList<string> All = [Spec, Faults, Beyond];

    /// <summary>The tier's title on a card.</summary>
    public static string Title(string id) => id switch
    {
        Spec => "Spec",
        Faults => "Under faults",
        Beyond => "Beyond the spec",
        _ => id,
    };
}

/// <summary>Check statuses as results.json spells them.</summary>
public static class CheckStatus
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Skip = "skip";
}

/// <summary>Tier verdicts as results.json spells them.</summary>
public static class Verdict
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Skipped = "skipped";
}

/// <summary>Which program a check grades.</summary>
public static class Side
{
    public const string Server = "server";
    public const string Client = "client";
    public const string Both = "both";
}
