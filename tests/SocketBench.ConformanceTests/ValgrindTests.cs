using SocketBench.Processes;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>The C programs are clean under valgrind (no leaks, no invalid reads) on conformance cases.</summary>
[TestFixture]
[Category("conformance")]
public class ValgrindTests
{
    /// <summary>valgrind on PATH, where .ci/setup looks for it (null when missing: the test then fails, it is not skipped).</summary>
    private static readonly string? Valgrind = ExecutablePath.Find("valgrind");
    private static readonly string[] Options = ["--quiet", "--leak-check=full", "--errors-for-leak-kinds=all", "--error-exitcode=99"];

    private static Implementation C => Implementations.Selected.FirstOrDefault(i => i.Name == "c") ?? new Implementation("c", RepoRoot.Bin("c"));

    [TestCase("short-text", 13)]
    [TestCase("one-mebibyte", 1024 * 1024)]
    public async Task CPair_UnderValgrind_NoErrorsNoLeaks(string name, int size)
    {
        Assert.That(Valgrind, Is.Not.Null, "valgrind on PATH (.ci/setup installs it)");
        var message = size == 13 ? Messages.Text("hello, world\n") : Messages.RandomBinary(size, seed: 7);
        var server = await StartServerUnderValgrindAsync();
        using (server)
        {
            var result = await ClientRunner.RunAsync(Valgrind!, [.. Options, C.Client, "-v", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new MemoryStream(message), TimeSpan.FromSeconds(120));
            Assert.That(result.ExitCode, Is.Zero, $"{name}: client under valgrind; {result}");
            await ConformanceCase.ExpectOutputAsync(server, message);
            server.Child.Signal(Signals.SigTerm);
            var code = await server.Child.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.That(code, Is.Zero, $"{name}: server under valgrind (99 = valgrind found errors); stderr=[{server.Child.Stderr.Trim()}]");
        }
    }

    private static Task<ServerProcess> StartServerUnderValgrindAsync() =>
        new Implementation("c-valgrind", C.Directory).StartServerAsync(serverPath: Valgrind!, prefixArgs: [.. Options, C.Server]);
}
