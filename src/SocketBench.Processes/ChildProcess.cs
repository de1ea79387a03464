using System.Diagnostics;

namespace SocketBench.Processes;

/// <summary>
/// A child program we started: in a process group (and session) of its own, stdout and stderr
/// captured up to a cap, waited on with deadlines, signalled as a group and killed with all its
/// descendants. Dispose kills whatever is still running.
/// </summary>
/// <remarks>
/// The group is made by starting the program through util-linux <c>setsid</c>, which execs it in
/// place: the PID we hold is the program's own. A child that calls setsid itself leaves the group;
/// <see cref="KillTree"/> also finds descendants by parent PID.
/// <para>Every program starts with SIGINT and SIGQUIT at their default action, through coreutils
/// <c>env --default-signal=INT,QUIT</c> (it too execs in place), whatever its caller ignores: a
/// non-interactive shell starts a background job (<c>make test &amp;</c>, <c>bin/grade ... &amp;</c> in a
/// script) with both ignored, the ignore is inherited across exec, and a spec-only server (a
/// Python one whose Ctrl-C handler is only installed when SIGINT is not ignored, or a C# one: .NET
/// keeps an inherited ignore) would then outlive the SIGINT a check sends it: a failure that is the
/// caller's, not the program's. Where that env has no such option (coreutils before 8.31) the
/// program starts as before.</para>
/// </remarks>
public sealed partial class ChildProcess : IDisposable, IAsyncDisposable
{
    private const string SetsidPath = "/usr/bin/setsid";
    private const string EnvPath = "/usr/bin/env";
    private const string DefaultSignals = "--default-signal=INT,QUIT";
    private static readonly Lazy<bool> CanResetSignals = new(ProbeResetSignals);
    private static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);
    private readonly Process _process;
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly Task _memorySampler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private long _peakRss;
    private int _disposed;

    private ChildProcess(Process process, ChildProcessOptions options, bool grouped)
    {
        _process = process;
        LeadsProcessGroup = grouped;
        _clock = Stopwatch.StartNew();
        Options = options;
        Pid = process.Id;
        Stdout = new CappedBuffer(options.StdoutCapBytes);
        StderrBuffer = new CappedBuffer(options.StderrCapBytes);
        var stdout = process.StandardOutput.BaseStream;
        _stdoutPump = options.StdoutReader is { } reader ? Task.Run(() => reader(stdout)) : PumpAsync(stdout, Stdout);
        var stderr = process.StandardError.BaseStream;
        _stderrPump = options.StderrReader is { } errors ? Task.Run(() => errors(stderr)) : PumpAsync(stderr, StderrBuffer);
        _memorySampler = options.SampleMemory ? SampleMemoryAsync() : Task.CompletedTask;
    }

    /// <summary>Gets the options it was started with.</summary>
    public ChildProcessOptions Options { get; }

    /// <summary>Gets whether the program leads a process group of its own (started through setsid), so signals and kills reach its children too.</summary>
    public bool LeadsProcessGroup { get; }

    /// <summary>Gets the program's PID (also its process group ID when it has a group of its own).</summary>
    public int Pid { get; }

    /// <summary>Gets stdout as captured (empty when a <see cref="ChildProcessOptions.StdoutReader"/> took it).</summary>
    public CappedBuffer Stdout { get; }

    /// <summary>Gets stderr as captured (empty when a <see cref="ChildProcessOptions.StderrReader"/> took it).</summary>
    public CappedBuffer StderrBuffer { get; }

    /// <summary>Gets everything kept of stderr so far, as text.</summary>
    public string Stderr => StderrBuffer.Text();

    /// <summary>Gets the pipe to the child's stdin (only with <see cref="ChildProcessOptions.PipeStdin"/>).</summary>
    public Stream Stdin => Options.PipeStdin ? _process.StandardInput.BaseStream : throw new InvalidOperationException("stdin is not piped");

    /// <summary>Gets whether the program has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets the exit code (128 + signal for a signal death); only after exit.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Gets the time since start.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Gets the highest resident set size seen (sampled every 10 ms), when <see cref="ChildProcessOptions.SampleMemory"/> is on.</summary>
    public long PeakRssBytes => Interlocked.Read(ref _peakRss);

    /// <summary>Gets the underlying process (for what this class does not cover).</summary>
    public Process Process => _process;

    /// <summary>Whether this machine's env can reset signals to their default action (asked once).</summary>
    private static bool ProbeResetSignals()
    {
        if (!File.Exists(EnvPath) || !File.Exists("/bin/true"))
        {
            return false;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo(EnvPath, [DefaultSignals, "/bin/true"]) { UseShellExecute = false, RedirectStandardError = true });
            return probe is not null && probe.WaitForExit(5000) && probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Starts a program as <paramref name="options"/> say.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not executable.</exception>
    public static ChildProcess Start(ChildProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckExecutable(options.FileName);
        var grouped = options.OwnProcessGroup && File.Exists(SetsidPath);
        List<string> command = CanResetSignals.Value ? [EnvPath, DefaultSignals] : [];
        if (grouped)
        {
            command.Add(SetsidPath);
        }

        command.Add(options.FileName);
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? "",
        };
        foreach (var part in command.Skip(1))
        {
            psi.ArgumentList.Add(part);
        }

        foreach (var a in options.Arguments)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in options.Environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {options.FileName}");
        if (!options.PipeStdin)
        {
            process.StandardInput.Close();
        }

        if (grouped)
        {
            // setsid runs in the child before the program: wait (briefly) until the group exists,
            // so a signal or kill sent right after Start reaches the whole group.
            SpinWait.SpinUntil(() => process.HasExited || Signals.GroupOf(process.Id) == process.Id, GroupWait);
        }

        return new ChildProcess(process, options, grouped);
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> and the default options.</summary>
    public static ChildProcess Start(string fileName, params string[] arguments) =>
        Start(new ChildProcessOptions { FileName = fileName, Arguments = arguments });

    /// <summary>Throws the error a user should see when <paramref name="path"/> cannot be run.</summary>
    public static void CheckExecutable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.Contains('/', StringComparison.Ordinal))
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            throw new UnauthorizedAccessException($"{path}: not executable (chmod +x)");
        }
    }
}
