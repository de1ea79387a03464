using SocketBench.Processes;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>One DESIGN.md section 6 case, run for one client against one running server.</summary>
public sealed record ConformanceCase(string Name, Func<Implementation, ServerProcess, Task> Run)
{
    /// <summary>How long one client run may take: wide, because 64 MiB through a Python client on a loaded 2-core machine has taken over a minute.</summary>
    public static readonly TimeSpan ClientDeadline = TimeSpan.FromSeconds(240);

    public override string ToString() => Name;

    /// <summary>Sends <paramref name="message"/> with <paramref name="client"/> and requires exit 0.</summary>
    public static async Task SendOkAsync(Implementation client, ServerProcess server, byte[] message, string host = "127.0.0.1")
    {
        var result = await ClientRunner.RunAsync(client, host, server.Port, message, deadline: ClientDeadline);
        Assert.That(result.ExitCode, Is.Zero, $"client exit; {result}; server stderr=[{server.Child.Stderr.Trim()}]");
    }

    /// <summary>Waits for <paramref name="expected"/>.Length bytes on the server's stdout, then compares them exactly.</summary>
    public static async Task ExpectOutputAsync(ServerProcess server, byte[] expected)
    {
        await server.WaitForOutputAsync(expected.Length, TimeSpan.FromSeconds(60));
        var output = server.Child.Stdout.ToArray();
        if (expected.Length > 4096)
        {
            Assert.That((output.Length, Messages.Sha256(output)), Is.EqualTo((expected.Length, Messages.Sha256(expected))), "server output (length, SHA-256)");
        }
        else
        {
            Assert.That(output, Is.EqualTo(expected), "server output");
        }
    }

    /// <summary>Delivers one message and checks the output is exactly that message.</summary>
    public static ConformanceCase Exact(string name, byte[] message) => new(name, async (client, server) =>
    {
        await SendOkAsync(client, server, message);
        await ExpectOutputAsync(server, message);
    });
}
