namespace SocketBench.Grade.Model;

/// <summary>Tier verdicts as results.json spells them.</summary>
public static class Verdict
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Skipped = "skipped";
}
