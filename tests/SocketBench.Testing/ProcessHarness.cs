using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SocketBench.Testing;

/// <summary>Signals for processes the tests started, by PID.</summary>
public static partial class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static void Send(Process process, int signal)
    {
        if (!process.HasExited && Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}

/// <summary>A child process with stdout captured as bytes and stderr as lines.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly MemoryStream _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private ChildProcess(Process process, bool captureStdout)
    {
        Process = process;
        _stdoutPump = captureStdout ? PumpStdoutAsync() : Task.CompletedTask;
        _stderrPump = PumpStderrAsync();
    }

    public Process Process { get; }

    public int Pid => Process.Id;

    /// <summary>Starts <paramref name="path"/> with <paramref name="args"/>; stdin is a pipe when asked.</summary>
    public static ChildProcess Start(string path, IEnumerable<string> args, bool redirectStdin = false, bool captureStdout = true)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: run `make build` first", path);
        }

        var psi = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {path}");
        return new ChildProcess(p, captureStdout);
    }

    /// <summary>Bytes written to stdout so far.</summary>
    public long OutputLength
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.Length;
            }
        }
    }

    /// <summary>A copy of everything written to stdout so far.</summary>
    public byte[] Output()
    {
        lock (_stdout)
        {
            return _stdout.ToArray();
        }
    }

    /// <summary>Everything written to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => Process.HasExited;

    /// <summary>Closes our end of the child's stdout (to make its writes fail with EPIPE).</summary>
    public void CloseStdout() => Process.StandardOutput.BaseStream.Close();

    /// <summary>Waits for exit (and for stdout/stderr to drain); null when <paramref name="deadline"/> passes first.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(deadline)).ConfigureAwait(false);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        Process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        var buffer = new byte[64 * 1024];
        var stream = Process.StandardOutput.BaseStream;
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_stdout)
                {
                    _stdout.Write(buffer, 0, n);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpStderrAsync()
    {
        var reader = Process.StandardError;
        string? line;
        while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}

/// <summary>A server process started on a port of the OS's choice (or a given one).</summary>
public sealed partial class RunningServer : IDisposable
{
    private RunningServer(Implementation impl, ChildProcess child, int port)
    {
        Impl = impl;
        Child = child;
        Port = port;
    }

    public Implementation Impl { get; }

    public ChildProcess Child { get; }

    public int Port { get; }

    /// <summary>Starts <c>server [args] PORT</c> and waits for its <c>port N</c> line on stderr.</summary>
    /// <param name="serverPath">Run this instead of the implementation's server (e.g. valgrind) ...</param>
    /// <param name="prefixArgs">... with these arguments first (e.g. valgrind's options and the server's path).</param>
    public static async Task<RunningServer> StartAsync(Implementation impl, IEnumerable<string>? args = null, int port = 0, bool captureStdout = true, string? serverPath = null, IEnumerable<string>? prefixArgs = null)
    {
        var child = ChildProcess.Start(serverPath ?? impl.Server, [.. prefixArgs ?? [], .. args ?? [], port.ToString(System.Globalization.CultureInfo.InvariantCulture)], captureStdout: captureStdout);
        var seen = 0;
        var ok = await Eventually.UntilAsync(
            () => child.HasExited || TryPort(child.Stderr, out seen),
            TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        if (!ok || seen == 0)
        {
            var err = child.Stderr;
            child.Dispose();
            throw new InvalidOperationException($"server {impl.Name} did not report its port; stderr: {err}");
        }

        return new RunningServer(impl, child, seen);
    }

    /// <summary>Sends <paramref name="signal"/> and waits for the exit code.</summary>
    public async Task<int?> StopAsync(int signal = Signals.SigTerm, TimeSpan? deadline = null)
    {
        Signals.Send(Child.Process, signal);
        return await Child.WaitForExitAsync(deadline ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Waits until at least <paramref name="length"/> bytes reached stdout.</summary>
    public Task<bool> WaitForOutputAsync(long length, TimeSpan? deadline = null) =>
        Eventually.UntilAsync(() => Child.OutputLength >= length, deadline ?? TimeSpan.FromSeconds(30));

    public void Dispose() => Child.Dispose();

    private static bool TryPort(string stderr, out int port)
    {
        var m = PortRegex().Match(stderr);
        port = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return m.Success;
    }

    [GeneratedRegex(@"\bport (\d+)")]
    private static partial Regex PortRegex();
}

/// <summary>What a finished client run left behind.</summary>
public sealed record ClientResult(int? ExitCode, string Stderr, byte[] Stdout)
{
    /// <summary>The numbers on the client's <c>-v</c> stats line, by key.</summary>
    public IReadOnlyDictionary<string, long> Stats()
    {
        var line = Stderr.Split('\n').LastOrDefault(l => l.Contains("sent=", StringComparison.Ordinal) && l.Contains("attempts=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no stats line in stderr: {Stderr}");
        return line[(line.IndexOf("sent=", StringComparison.Ordinal))..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"exit={ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (killed at deadline)"} stderr=[{Stderr.Trim()}]";
}

/// <summary>Runs a client process to completion with given stdin.</summary>
public static class ClientRunner
{
    /// <summary>Runs <c>client [args] host port</c> feeding <paramref name="input"/> on stdin.</summary>
    public static Task<ClientResult> RunAsync(Implementation impl, string host, int port, byte[] input, IEnumerable<string>? args = null, TimeSpan? deadline = null) =>
        RunAsync(impl.Client, [.. args ?? [], host, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new MemoryStream(input, writable: false), deadline);

    /// <summary>Runs <paramref name="path"/> with raw <paramref name="args"/>, copying <paramref name="stdin"/> to it.</summary>
    public static async Task<ClientResult> RunAsync(string path, IReadOnlyList<string> args, Stream stdin, TimeSpan? deadline = null)
    {
        using var child = ChildProcess.Start(path, args, redirectStdin: true);
        var feed = FeedAsync(child.Process.StandardInput.BaseStream, stdin);
        var code = await child.WaitForExitAsync(deadline ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await Task.WhenAny(feed, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        return new ClientResult(code, child.Stderr, child.Output());
    }

    private static async Task FeedAsync(Stream target, Stream source)
    {
        try
        {
            await source.CopyToAsync(target, 64 * 1024).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The client exited early (usage error, failed connect): it will say why.
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
