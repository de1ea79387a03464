using System.Diagnostics;
using System.Runtime.InteropServices;
using SocketBench.Processes;

namespace SocketBench.Grade.Running;

/// <summary>
/// Runs the grader (and so every program it starts) in a fresh network namespace: it re-executes
/// itself under <c>unshare -rn</c> (an unprivileged user namespace mapping us to root, and a new
/// network namespace), and the inner grader brings <c>lo</c> up. The programs reach nothing but
/// loopback and the kernel's counters are their own. Where unprivileged namespaces are off, the
/// probe says why and grading runs in the host's namespace.
/// </summary>
internal static partial class NetworkNamespace
{
    /// <summary>Set in the inner grader's environment.</summary>
    public const string Marker = "SOCKETBENCH_GRADE_NETNS";

    private const int AfInet = 2;
    private const int SockDgram = 2;
    private const ulong SiocGifFlags = 0x8913;
    private const ulong SiocSifFlags = 0x8914;
    private const short IffUp = 0x1;

    /// <summary>Gets whether this grader is the inner one.</summary>
    public static bool Inside => Environment.GetEnvironmentVariable(Marker) == "1";

    /// <summary>Null when <c>unshare -rn</c> works here, else why not.</summary>
    public static async Task<string?> ProbeAsync()
    {
        if (!File.Exists("/usr/bin/unshare"))
        {
            return "no /usr/bin/unshare";
        }

        try
        {
            var run = await ProcessResult.RunAsync(new ChildProcessOptions { FileName = "/usr/bin/unshare", Arguments = ["-rn", "true"] }, null, TimeSpan.FromSeconds(5));
            return run.ExitCode == 0 ? null : $"unshare -rn: {run.Stderr.Trim()}";
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>Runs this program again inside a fresh namespace with <paramref name="args"/>, stdio inherited; returns its exit code.</summary>
    public static int ReExec(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo("/usr/bin/unshare") { UseShellExecute = false };
        psi.ArgumentList.Add("-rn");
        psi.ArgumentList.Add(Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the grader's own path"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[Marker] = "1";

        // A signal to us goes on to the inner grader (Ctrl-C reaches both); we wait while it cleans up.
        using var inner = Process.Start(psi) ?? throw new InvalidOperationException("cannot start unshare");
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Signals.Send(inner.Id, Signals.SigInt); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Signals.Send(inner.Id, Signals.SigTerm); });
        inner.WaitForExit();
        return inner.ExitCode;
    }

    /// <summary>Brings the loopback interface up (SIOCSIFFLAGS); null on success, else the error.</summary>
    public static string? BringLoopbackUp()
    {
        var fd = Socket(AfInet, SockDgram, 0);
        if (fd < 0)
        {
            return $"socket: errno {Marshal.GetLastPInvokeError()}";
        }

        try
        {
            // struct ifreq: char ifr_name[16]; short ifr_flags (in a 24-byte union).
            Span<byte> ifreq = stackalloc byte[40];
            ifreq.Clear();
            "lo"u8.CopyTo(ifreq);
            if (Ioctl(fd, SiocGifFlags, ref MemoryMarshal.GetReference(ifreq)) < 0)
            {
                return $"SIOCGIFFLAGS: errno {Marshal.GetLastPInvokeError()}";
            }

            var flags = (short)(MemoryMarshal.Read<short>(ifreq[16..]) | IffUp);
            MemoryMarshal.Write(ifreq[16..], in flags);
            return Ioctl(fd, SiocSifFlags, ref MemoryMarshal.GetReference(ifreq)) < 0
                ? $"SIOCSIFFLAGS: errno {Marshal.GetLastPInvokeError()}"
                : null;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, ref byte argp);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
