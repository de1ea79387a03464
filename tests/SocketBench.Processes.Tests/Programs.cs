namespace SocketBench.Processes.Tests;

/// <summary>Small stand-in programs: shell and Python one-liners a test starts.</summary>
internal static class Programs
{
    public const string Shell = "/bin/sh";

    /// <summary>A spec-only server: listens on argv[1] with the given backlog, prints nothing until a client sends.</summary>
    public static string SilentServer(int backlog) => $"""
        import socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen({backlog})
        while True:
            c, _ = s.accept(); data = c.recv(65536); sys.stdout.buffer.write(data); sys.stdout.flush(); c.close()
        """;

    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>True while a process with <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The process group of <paramref name="pid"/> (field 5 of /proc/PID/stat).</summary>
    public static int GroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
