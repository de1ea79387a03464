using System.Text;

namespace SocketBench.Processes.Tests;

public class ChildProcessTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Start_Default_LeadsItsOwnProcessGroup()
    {
        // stdin stays open, so the program waits in `read` while its group is looked at.
        await using var child = ChildProcess.Start(new ChildProcessOptions { FileName = Programs.Shell, Arguments = ["-c", "read x"], PipeStdin = true });
        Assert.That(child.LeadsProcessGroup, Is.True);
        Assert.That(Programs.GroupOf(child.Pid), Is.EqualTo(child.Pid));
        Assert.That(Programs.GroupOf(child.Pid), Is.Not.EqualTo(Programs.GroupOf(Environment.ProcessId)));
    }

    [Test]
    public async Task KillTree_ChildrenInGroupAndOneThatLeftIt_AllGone()
    {
        await using var child = ChildProcess.Start(Programs.Shell, "-c", "sleep 300 & setsid sleep 300 & wait");
        IReadOnlyList<int> tree = [];
        Assert.That(await Poll.UntilAsync(() => (tree = ProcessTree.Of(child.Pid)).Count >= 3, Long), Is.True, "children did not start");

        child.KillTree();

        Assert.That(await Poll.UntilAsync(() => tree.All(p => !Programs.IsAlive(p)), Long), Is.True, $"still alive: {string.Join(',', tree.Where(Programs.IsAlive))}");
    }

    [Test]
    public async Task Stdout_PastTheCap_CountedNotKept()
    {
        var result = await ProcessResult.RunAsync(
            new ChildProcessOptions { FileName = "/usr/bin/head", Arguments = ["-c", "3000000", "/dev/zero"], StdoutCapBytes = 1 << 20 },
            stdin: null,
            Long);

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.StdoutBytes, Is.EqualTo(3_000_000));
        Assert.That(result.Stdout, Has.Length.EqualTo(1 << 20));
        Assert.That(result.StdoutTruncated, Is.True);
    }

    [Test]
    public async Task RunAsync_HangingProgram_KilledAtDeadline()
    {
        var result = await ProcessResult.RunAsync(new ChildProcessOptions { FileName = Programs.Shell, Arguments = ["-c", "trap '' TERM INT; sleep 300"] }, stdin: null, TimeSpan.FromMilliseconds(300));

        Assert.That(result.TimedOut, Is.True);
        Assert.That(result.ExitCode, Is.Null);
    }

    [Test]
    public async Task RunAsync_StdinFed_EchoedExactly()
    {
        var input = new byte[200_000];
        new Random(7).NextBytes(input);

        var result = await ProcessResult.RunAsync(new ChildProcessOptions { FileName = "/bin/cat" }, new MemoryStream(input), Long);

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout, Is.EqualTo(input));
    }

    [Test]
    public async Task Stderr_Flood_CappedAndMarked()
    {
        var result = await ProcessResult.RunAsync(
            new ChildProcessOptions { FileName = Programs.Shell, Arguments = ["-c", "head -c 5000000 /dev/zero | tr '\\0' x >&2"], StderrCapBytes = 4096 },
            stdin: null,
            Long);

        Assert.That(result.StderrTruncated, Is.True);
        Assert.That(Encoding.UTF8.GetByteCount(result.Stderr), Is.EqualTo(4096));
    }

    [Test]
    public async Task SampleMemory_ProgramHolding64MiB_PeakSeen()
    {
        // The program touches 64 MiB, says so, and holds it until its stdin closes: no timing involved.
        await using var child = ChildProcess.Start(new ChildProcessOptions
        {
            FileName = Programs.Python,
            Arguments = ["-c", "import sys; b = bytearray(64 << 20); print('held', flush=True); sys.stdin.read()"],
            PipeStdin = true,
            SampleMemory = true,
        });
        Assert.That(await Poll.UntilAsync(() => child.Stdout.TotalBytes > 0 || child.HasExited, Long), Is.True, "the program started");

        Assert.That(await Poll.UntilAsync(() => child.PeakRssBytes > 60L << 20, Long), Is.True, $"peak seen: {child.PeakRssBytes} bytes");

        child.Stdin.Close();
        Assert.That(await child.WaitForExitAsync(Long), Is.Zero, child.Stderr);
    }

    [Test]
    public void Start_MissingOrNotExecutable_ClearError()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.That(() => ChildProcess.Start(path + ".missing"), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("no such file"));
            Assert.That(() => ChildProcess.Start(path), Throws.TypeOf<UnauthorizedAccessException>().With.Message.Contains("not executable"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Signal_ToGroup_DeliveredOnce()
    {
        // A program that counts SIGTERMs and exits with the count after the first one arrives.
        await using var child = ChildProcess.Start(Programs.Python, "-c", "import signal,sys,time\nn=[0]\ndef h(*a): n[0]+=1\nsignal.signal(signal.SIGTERM,h)\nprint('ready',flush=True)\nwhile n[0]==0: time.sleep(0.01)\ntime.sleep(0.3)\nsys.exit(n[0])");
        Assert.That(await Poll.UntilAsync(() => child.Stdout.TotalBytes > 0, Long), Is.True);

        Assert.That(await child.StopAsync(Signals.SigTerm, Long), Is.EqualTo(1));
    }

    [Test]
    public async Task StderrReader_Given_TakesEveryLineInsteadOfTheCapture()
    {
        var lines = 0;
        var options = new ChildProcessOptions
        {
            FileName = Programs.Shell,
            Arguments = ["-c", "for i in 1 2 3 4 5; do echo line $i >&2; done"],
            StderrReader = async stream =>
            {
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync() is not null)
                {
                    Interlocked.Increment(ref lines);
                }
            },
        };
        await using var child = ChildProcess.Start(options);

        Assert.That(await child.WaitForExitAsync(Long), Is.Zero);
        Assert.That(Volatile.Read(ref lines), Is.EqualTo(5));
        Assert.That(child.StderrBuffer.TotalBytes, Is.Zero, "the reader took stderr, the capture saw none of it");
    }

    [Test]
    public async Task LeadsProcessGroup_WithoutOwnGroup_FalseAndSignalReachesTheProgramOnly()
    {
        // stdin stays open, so both wait in `read` until signalled or disposed.
        await using var grouped = ChildProcess.Start(new ChildProcessOptions { FileName = Programs.Shell, Arguments = ["-c", "read x"], PipeStdin = true });
        await using var alone = ChildProcess.Start(new ChildProcessOptions { FileName = Programs.Shell, Arguments = ["-c", "read x"], PipeStdin = true, OwnProcessGroup = false });

        Assert.That(grouped.LeadsProcessGroup, Is.True);
        Assert.That(alone.LeadsProcessGroup, Is.False);
        Assert.That(Programs.GroupOf(alone.Pid), Is.EqualTo(Programs.GroupOf(Environment.ProcessId)), "it stayed in the test's group");
        Assert.That(alone.Signal(Signals.SigTerm), Is.True, "sent to the program, not to the test's own group");
        Assert.That(await alone.WaitForExitAsync(Long), Is.EqualTo(128 + Signals.SigTerm));
    }
}
