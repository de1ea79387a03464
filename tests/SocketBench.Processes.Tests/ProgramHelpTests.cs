namespace SocketBench.Processes.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ProgramHelpTests
{
    [TestCase("  --receipt        send a receipt", "--receipt", true)]
    [TestCase("--receipt", "--receipt", true)]
    [TestCase("usage: server [--concurrency N] PORT", "--concurrency", true)]
    [TestCase("  --receipts       plural is another option", "--receipt", false)]
    [TestCase("  --no-receipt", "--receipt", false)]
    [TestCase("  x--receipt", "--receipt", false)]
    [TestCase("  --receipt-file F  then --receipt alone", "--receipt", true)]
    [TestCase("", "--receipt", false)]
    [TestCase(null, "--receipt", false)]
    public void Names_WholeWordOnly(string? help, string option, bool expected) =>
        Assert.That(ProgramHelp.Names(help, option), Is.EqualTo(expected));

    [Test]
    public async Task OffersAsync_RealPrograms_HelpThatNamesItExitZeroOthersNot()
    {
        var dir = Directory.CreateTempSubdirectory("programhelp-");
        try
        {
            var offers = Script(dir, "offers", "echo 'usage: server [--concurrency N] PORT'; exit 0");
            var failing = Script(dir, "failing", "echo 'usage: server [--concurrency N] PORT'; exit 64");

            // A spec-only server that takes "--help" for a port and never exits: the deadline ends it.
            var listens = Script(dir, "listens", "exec sleep 600");
            Assert.Multiple(async () =>
            {
                Assert.That(await ProgramHelp.OffersAsync(offers, "--concurrency", TimeSpan.FromSeconds(30)), Is.True);
                Assert.That(await ProgramHelp.OffersAsync(offers, "--receipt", TimeSpan.FromSeconds(30)), Is.False);
                Assert.That(await ProgramHelp.OffersAsync(failing, "--concurrency", TimeSpan.FromSeconds(30)), Is.False, "help must exit 0");
                Assert.That(await ProgramHelp.OffersAsync(listens, "--concurrency", TimeSpan.FromSeconds(1)), Is.False, "killed at the deadline");
                Assert.That(await ProgramHelp.OffersAsync(Path.Combine(dir.FullName, "missing"), "--concurrency", TimeSpan.FromSeconds(1)), Is.False);
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Script(DirectoryInfo dir, string name, string body)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
