namespace SocketBench.Toxiproxy.Cli;

/// <summary>The command table: Toxiproxy CLI's names, aliases and flags.</summary>
internal static class CliCommands
{
    private static readonly CliFlag ToxicName = new("toxicName", ["n"], "name of the toxic");
    private static readonly CliFlag Toxicity = new("toxicity", ["tox"], "toxicity of toxic should be a float between 0 and 1 (add: default 1.0; update: unchanged unless given)");
    private static readonly CliFlag Attribute = new("attribute", ["a"], "toxic attribute in key=value format (repeat for more)", Repeatable: true);

    public static readonly CliCommand List = new("list", ["l", "li", "ls"], "list all proxies", "", []);

    public static readonly CliCommand Inspect = new("inspect", ["i", "ins"], "inspect a single proxy", "<proxyName>", []);

    public static readonly CliCommand Create = new("create", ["c", "new"], "create a new proxy", "<proxyName>",
    [
        new("listen", ["l"], "proxy will listen on this address"),
        new("upstream", ["u"], "proxy will forward to this address"),
    ]);

    public static readonly CliCommand Toggle = new("toggle", ["tog"], "toggle enabled status on a proxy", "<proxyName>", []);

    public static readonly CliCommand Delete = new("delete", ["d"], "delete a proxy", "<proxyName>", []);

    public static readonly CliCommand Toxic = new("toxic", ["t"], "add, remove or update a toxic", "add|update|remove", []);

    public static readonly CliCommand ToxicAdd = new("add", ["a"], "add a new toxic", "<proxyName>",
    [
        ToxicName,
        new("type", ["t"], "type of toxic"),
        Toxicity,
        Attribute,
        new("upstream", ["u"], "add toxic to upstream", IsBool: true),
        new("downstream", ["d"], "add toxic to downstream (the default)", IsBool: true),
    ]);

    public static readonly CliCommand ToxicUpdate = new("update", ["u"], "update an enabled toxic", "<proxyName>", [ToxicName, Toxicity, Attribute]);

    public static readonly CliCommand ToxicRemove = new("remove", ["r", "delete", "d"], "remove an enabled toxic", "<proxyName>", [ToxicName]);

    public static readonly CliCommand[] Top = [List, Inspect, Create, Toggle, Delete, Toxic];

    public static readonly CliCommand[] ToxicSubcommands = [ToxicAdd, ToxicUpdate, ToxicRemove];

    /// <summary>The command for a canonical name (<c>list</c>, <c>toxic add</c>, ...).</summary>
    public static CliCommand? Find(string? name) => name switch
    {
        null => null,
        _ when name.StartsWith("toxic ", StringComparison.Ordinal) => ToxicSubcommands.FirstOrDefault(c => c.Name == name[6..]),
        _ => Top.FirstOrDefault(c => c.Name == name),
    };
}
