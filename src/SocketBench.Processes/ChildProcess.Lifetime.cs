using System.Diagnostics;

namespace SocketBench.Processes;

/// <content>Waiting, signalling and killing.</content>
public sealed partial class ChildProcess
{
    /// <summary>Waits for exit and for its output to drain; the exit code, or null when <paramref name="deadline"/> passes first (the child keeps running).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        await DrainAsync(Min(DrainLimit, deadline - clock.Elapsed)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> to the program's group (or the program alone without one); false when it already ended.</summary>
    /// <remarks>Sent once: to the group while the program still has one, else to the program alone.</remarks>
    public bool Signal(int signal) =>
        !_process.HasExited && ((LeadsProcessGroup && Signals.SendGroup(Pid, signal)) || Signals.Send(Pid, signal));

    /// <summary>Sends <paramref name="signal"/> and waits for exit; null when it outlives <paramref name="deadline"/>.</summary>
    public async Task<int?> StopAsync(int signal, TimeSpan deadline)
    {
        Signal(signal);
        return await WaitForExitAsync(deadline).ConfigureAwait(false);
    }

    /// <summary>Closes our read end of the child's stdout, so its next write fails (EPIPE).</summary>
    public void CloseStdout() => _process.StandardOutput.BaseStream.Close();

    /// <summary>Kills the program, its group and every descendant found by parent PID (SIGKILL), then reaps it.</summary>
    public void KillTree()
    {
        if (_process.HasExited && !LeadsProcessGroup)
        {
            return;
        }

        var tree = _process.HasExited ? [] : ProcessTree.Of(Pid);
        if (LeadsProcessGroup)
        {
            Signals.SendGroup(Pid, Signals.SigKill);
        }

        foreach (var pid in tree)
        {
            Signals.Send(pid, Signals.SigKill);
        }

        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        KillTree();
        _stop.Cancel();
        Task.WhenAll(_stdoutPump, _stderrPump, _memorySampler).Wait(DrainLimit);
        _stop.Dispose();
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : (b > TimeSpan.Zero ? b : TimeSpan.Zero);

    private async Task DrainAsync(TimeSpan limit)
    {
        // A descendant that kept the pipes open must not hold us past the limit.
        await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(limit)).ConfigureAwait(false);
        if (Options.SampleMemory)
        {
            await Task.WhenAny(_memorySampler, Task.Delay(limit)).ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(Stream stream, CappedBuffer target)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                target.Append(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under us (Dispose): what was read is kept.
        }
    }

    private async Task SampleMemoryAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            do
            {
                if (ProcessTree.PeakResidentBytes(Pid) is { } peak && peak > Interlocked.Read(ref _peakRss))
                {
                    Interlocked.Exchange(ref _peakRss, peak);
                }
            }
            while (!_process.HasExited && await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
