namespace SocketBench.Testing;

/// <summary>Finds tools the way the shell (and .ci/setup's <c>command -v</c>) does: on PATH.</summary>
public static class ExecutablePath
{
    /// <summary>The first executable file named <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(p => File.Exists(p) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(p) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
