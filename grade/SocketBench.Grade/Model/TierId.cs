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
