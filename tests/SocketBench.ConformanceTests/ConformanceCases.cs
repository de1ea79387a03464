using SocketBench.Processes;
using System.Net.Sockets;
using System.Text;
using NUnit.Framework;
using SocketBench.Testing;

namespace SocketBench.ConformanceTests;

/// <summary>The case list of DESIGN.md section 6, each a function of (client, server).</summary>
internal static class ConformanceCases
{
    public static IReadOnlyList<ConformanceCase> All { get; } =
    [
        ConformanceCase.Exact("short-text", Messages.Text("hello, world\n")),
        ConformanceCase.Exact("alnum-100k", Messages.RandomAlphanumeric(100_000, seed: 1)),
        ConformanceCase.Exact("binary-100k", Messages.RandomBinary(100_000, seed: 2)),
        ConformanceCase.Exact("one-byte", [(byte)'x']),
        ConformanceCase.Exact("nul-bytes", Messages.Text("a\0b\0\0c\n\0")),
        ConformanceCase.Exact("no-trailing-newline", Messages.Text("no newline at the end")),
        ConformanceCase.Exact("large-64MiB", Messages.RandomBinary(64 * 1024 * 1024, seed: 3)),
        new("ipv6-loopback", async (client, server) =>
        {
            Extensions.RequireIPv6(server, "the IPv6 loopback case");
            var message = Messages.Text("over ::1\n");
            await ConformanceCase.SendOkAsync(client, server, message, host: "::1");
            await ConformanceCase.ExpectOutputAsync(server, message);
        }),
        new("empty-message", async (client, server) =>
        {
            await ConformanceCase.SendOkAsync(client, server, []);
            var next = Messages.Text("after empty\n");
            await ConformanceCase.SendOkAsync(client, server, next);
            await ConformanceCase.ExpectOutputAsync(server, next);
        }),
        new("sequential-3", async (client, server) =>
        {
            var parts = new[] { "first\n", "second\n", "third\n" }.Select(Messages.Text).ToArray();
            foreach (var p in parts)
            {
                await ConformanceCase.SendOkAsync(client, server, p);
            }

            await ConformanceCase.ExpectOutputAsync(server, [.. parts.SelectMany(p => p)]);
        }),
        new("overlapping-10", OverlappingAsync),
        new("connect-and-close", async (client, server) =>
        {
            using (var raw = new TcpClient())
            {
                await raw.ConnectAsync("127.0.0.1", server.Port);
            }

            var next = Messages.Text("after a silent client\n");
            await ConformanceCase.SendOkAsync(client, server, next);
            await ConformanceCase.ExpectOutputAsync(server, next);
        }),
    ];

    private static async Task OverlappingAsync(Implementation client, ServerProcess server)
    {
        var messages = Enumerable.Range(0, 10)
            .Select(i => string.Concat(Enumerable.Range(0, 20).Select(j => $"client {i:D2} line {j:D2}\n")))
            .ToArray();
        var results = await Task.WhenAll(messages.Select(m => ClientRunner.RunAsync(client, "127.0.0.1", server.Port, Messages.Text(m))));
        Assert.That(results.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("; ", results.Select(r => r.ToString())));

        var total = messages.Sum(m => m.Length);
        await server.WaitForOutputAsync(total);
        var output = Encoding.UTF8.GetString(server.Child.Stdout.ToArray());
        var expected = messages.SelectMany(m => m.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal);
        var actual = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.That(actual, Is.EqualTo(expected), "sorted lines");

        // No interleaving: each client's 20 lines arrive as one contiguous block.
        foreach (var m in messages)
        {
            Assert.That(output, Does.Contain(m), "a client's message must not be interleaved with another's");
        }
    }
}
