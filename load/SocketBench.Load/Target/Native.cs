using System.Runtime.InteropServices;

namespace SocketBench.Load.Target;

/// <summary>The one libc call the runner needs: sending SIGTERM to a server it started.</summary>
internal static partial class Native
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
