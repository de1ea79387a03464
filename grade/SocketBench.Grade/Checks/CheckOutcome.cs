namespace SocketBench.Grade.Checks;

/// <summary>How a check ended, in one line.</summary>
internal sealed record CheckOutcome(string Status, string Summary)
{
    public static CheckOutcome Pass(string summary) => new(Model.CheckStatus.Pass, summary);

    public static CheckOutcome Fail(string summary) => new(Model.CheckStatus.Fail, summary);

    public static CheckOutcome Skip(string summary) => new(Model.CheckStatus.Skip, summary);

    /// <summary>Pass when <paramref name="ok"/>, else fail; each with its own line.</summary>
    public static CheckOutcome Verdict(bool ok, string pass, string fail) => ok ? Pass(pass) : Fail(fail);
}
