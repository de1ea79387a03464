namespace SocketBench.Testing;

/// <summary>An implementation: a directory holding <c>server</c> and <c>client</c> (DESIGN.md section 1).</summary>
/// <param name="Name">Short name used in test names (csharp, c, python, or the directory's name).</param>
/// <param name="Directory">Absolute directory path.</param>
public sealed record Implementation(string Name, string Directory)
{
    public string Server => Path.Combine(Directory, "server");

    public string Client => Path.Combine(Directory, "client");

    public override string ToString() => Name;
}
