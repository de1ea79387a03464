namespace SocketBench.Processes;

/// <summary>What a finished (or killed) run left behind.</summary>
/// <param name="ExitCode">The exit code; null when it was killed at the deadline.</param>
/// <param name="Stdout">Stdout as kept (up to the cap).</param>
/// <param name="StdoutBytes">Stdout bytes written in all, including any past the cap.</param>
/// <param name="Stderr">Stderr as text (up to the cap).</param>
/// <param name="StderrTruncated">True when stderr passed its cap.</param>
/// <param name="Elapsed">Start to exit (or to the kill).</param>
/// <param name="PeakRssBytes">Highest resident memory seen, when sampled; else 0.</param>
public sealed record ProcessResult(int? ExitCode, byte[] Stdout, long StdoutBytes, string Stderr, bool StderrTruncated, TimeSpan Elapsed, long PeakRssBytes)
{
    /// <summary>Gets whether it was killed at its deadline.</summary>
    public bool TimedOut => ExitCode is null;

    /// <summary>Gets whether stdout passed its cap.</summary>
    public bool StdoutTruncated => StdoutBytes > Stdout.Length;

    /// <summary>Runs a program to its end with <paramref name="stdin"/> fed to it; past <paramref name="deadline"/> it is killed with its descendants.</summary>
    public static async Task<ProcessResult> RunAsync(ChildProcessOptions options, Stream? stdin, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var child = ChildProcess.Start(options with { PipeStdin = stdin is not null });
        var feed = stdin is null ? Task.CompletedTask : FeedAsync(child.Stdin, stdin);
        var code = await child.WaitForExitAsync(deadline, cancellationToken).ConfigureAwait(false);
        var elapsed = child.Elapsed;
        if (code is null)
        {
            child.KillTree();
        }

        await Task.WhenAny(feed, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken)).ConfigureAwait(false);
        return new ProcessResult(code, child.Stdout.ToArray(), child.Stdout.TotalBytes, child.Stderr, child.StderrBuffer.Truncated, elapsed, child.PeakRssBytes);
    }

    private static async Task FeedAsync(Stream target, Stream source)
    {
        try
        {
            await source.CopyToAsync(target, 64 * 1024).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The program stopped reading (exited early): its exit code tells why.
        }
        finally
        {
            try
            {
                target.Close();
            }
            catch (IOException)
            {
            }
        }
    }
}
