using SocketBench.Processes;
using System.Globalization;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>
/// The C# client's common path (an address literal, the server up) does its work on the main
/// thread (issue 14): no Polly pipeline, timer or thread pool is started before the first byte.
/// Seen from outside with strace: the runtime names each thread it starts.
/// </summary>
[TestFixture]
[Category("conformance")]
public class ClientStartupTests
{
    private const string Strace = "/usr/bin/strace";

    [Test]
    public async Task Run_LiteralAddressServerUp_StartsNoTimerOrThreadPoolThread()
    {
        Assume.That(File.Exists(Strace), Is.True, "strace is needed to see the threads the client starts");
        using var server = await Implementations.CSharp.StartServerAsync();
        var trace = Path.Combine(Path.GetTempPath(), $"sb-client-startup-{Guid.NewGuid():N}.trace");
        try
        {
            var message = Messages.Text("hello from the main thread\n");
            var result = await ClientRunner.RunAsync(Strace, ["-f", "-e", "trace=prctl", "-o", trace, Implementations.CSharp.Client, "-v", "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture)], new MemoryStream(message), TimeSpan.FromSeconds(60));
            Assume.That(File.Exists(trace), Is.True, $"strace could not trace here: {result}");
            var threads = File.ReadAllLines(trace).Where(l => l.Contains("PR_SET_NAME", StringComparison.Ordinal)).ToArray();

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.Zero, result.ToString());
                Assert.That(result.Stats()["attempts"], Is.EqualTo(1), result.ToString());
                Assert.That(threads, Has.Some.Contains(".NET"), "strace saw the runtime name its threads (else this test proves nothing)");
                Assert.That(threads, Has.None.Contains(".NET Timer").And.None.Contains(".NET TP Worker").And.None.Contains(".NET TP Gate"), string.Join('\n', threads));
            });
            await ConformanceCase.ExpectOutputAsync(server, message);
        }
        finally
        {
            File.Delete(trace);
        }
    }
}
