using SocketBench.Processes;

namespace SocketBench.Testing;

/// <summary>
/// Waits until this process has nothing left to run: no thread-pool work item pending and no thread
/// but the caller runnable (Linux's /proc/self/task/*/stat state R). After a fake clock advances,
/// that is the moment every continuation and thread it woke has run to its next wait, so the clock
/// may move on without racing the code under test, whichever threads that code uses.
/// </summary>
public static class ProcessIdle
{
    /// <summary>Whether the process is idle now (see the type's summary).</summary>
    public static bool IsIdle()
    {
        if (ThreadPool.PendingWorkItemCount != 0)
        {
            return false;
        }

        var self = SelfThreadId();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (Path.GetFileName(task) != self && State(task) == 'R')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks every millisecond until the process is idle; false when <paramref name="deadline"/> (real time) ran out first.</summary>
    public static Task<bool> WaitAsync(TimeSpan deadline) => Poll.UntilAsync(IsIdle, deadline, TimeSpan.FromMilliseconds(1));

    private static string SelfThreadId() =>
        Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget ?? "");

    /// <summary>The thread's scheduler state (the field after the command name, which may hold spaces), or '?' when it is gone.</summary>
    private static char State(string task)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length ? stat[end + 2] : '?';
        }
        catch (IOException)
        {
            return '?';
        }
    }
}
