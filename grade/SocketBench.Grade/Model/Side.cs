namespace SocketBench.Grade.Model;

/// <summary>Which program a check grades.</summary>
public static class Side
{
    public const string Server = "server";
    public const string Client = "client";
    public const string Both = "both";
}
