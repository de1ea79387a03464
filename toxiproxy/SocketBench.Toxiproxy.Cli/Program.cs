using System.Text;
using Microsoft.Win32.SafeHandles;
using SocketBench.Toxiproxy.Cli;

// Plain streams on fds 1 and 2: Console.Out would switch a terminal into keypad mode (ESC[?1h ESC=) on
// first use, bytes Toxiproxy's CLI never writes.
await using var stdout = Open(1);
await using var stderr = Open(2);
return await CliProgram.RunAsync(args, stdout, stderr, !Console.IsOutputRedirected).ConfigureAwait(false);

static StreamWriter Open(int fd) =>
    new(new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0), new UTF8Encoding(false), 4096) { AutoFlush = false };
