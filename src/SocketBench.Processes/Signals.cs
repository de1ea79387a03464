using System.Runtime.InteropServices;

namespace SocketBench.Processes;

/// <summary>POSIX signals sent by PID or to a whole process group (libc <c>kill</c>).</summary>
public static partial class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigStop = 19;
    public const int SigCont = 18;

    private const int Esrch = 3;

    /// <summary>Sends <paramref name="signal"/> to one process; false when it no longer exists.</summary>
    public static bool Send(int pid, int signal) => Deliver(pid, signal);

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="pgid"/>; false when the group is empty.</summary>
    public static bool SendGroup(int pgid, int signal) => Deliver(-pgid, signal);

    private static bool Deliver(int target, int signal)
    {
        if (target is 0 or -1 or 1 || Kill(target, signal) == 0)
        {
            return target is not (0 or -1 or 1);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Esrch
            ? false
            : throw new InvalidOperationException($"kill({target}, {signal}) failed: errno {errno}");
    }

    /// <summary>The process group of <paramref name="pid"/>; -1 when it no longer exists.</summary>
    public static int GroupOf(int pid) => GetPgid(pid);

    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    private static partial int GetPgid(int pid);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
