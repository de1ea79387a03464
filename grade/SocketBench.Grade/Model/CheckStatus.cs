namespace SocketBench.Grade.Model;

/// <summary>Check statuses as results.json spells them.</summary>
public static class CheckStatus
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Skip = "skip";
}
