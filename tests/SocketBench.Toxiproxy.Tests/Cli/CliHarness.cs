using System.Diagnostics;
using System.Text.RegularExpressions;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Cli;

/// <summary>
/// The published bin/toxiproxy-server on API port 0 (its port read from the JSON start line on stderr) and
/// a way to run the published bin/toxiproxy-cli against it, one server per test.
/// </summary>
internal sealed partial class CliHarness : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly Process server;

    private CliHarness(Process server, int port)
    {
        this.server = server;
        Port = port;
        Client = new ToxiproxyClient(new Uri($"http://127.0.0.1:{port}"));
    }

    public int Port { get; }

    /// <summary>The <c>-h</c> value for this server.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>A typed client on the same server, to check what the CLI did.</summary>
    public ToxiproxyClient Client { get; }

    public static string CliBinary
    {
        get
        {
            var path = Path.Combine(RepoPaths.Root, "bin", "toxiproxy-cli");
            if (!File.Exists(path))
            {
                Assert.Fail($"{path} is missing: run `make bin/toxiproxy-cli` (make test builds it first)");
            }

            return path;
        }
    }

    public static async Task<CliHarness> StartAsync()
    {
        var info = new ProcessStartInfo(RepoPaths.ServerBinary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-host", "127.0.0.1", "-port", "0" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LOG_LEVEL"] = "info";
        var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            while (await process.StandardError.ReadLineAsync(cts.Token) is { } line)
            {
                if (PortPattern().Match(line) is { Success: true } m)
                {
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new CliHarness(process, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill();
        process.Dispose();
        Assert.Fail("toxiproxy-server did not report its API port");
        return null!;
    }

    /// <summary>Runs <c>toxiproxy-cli -h HOST args</c> with stdout piped.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunCliAsync(["-h", Host, .. args]);

    /// <summary>Runs the CLI with exactly <paramref name="args"/>; <paramref name="environmentUrl"/> sets TOXIPROXY_URL (null: unset).</summary>
    public static async Task<CliResult> RunCliAsync(IEnumerable<string> args, string? environmentUrl = null, string? file = null)
    {
        var info = new ProcessStartInfo(file ?? CliBinary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove(ToxiproxyClient.UrlVariable);
        if (environmentUrl is not null)
        {
            info.Environment[ToxiproxyClient.UrlVariable] = environmentUrl;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail($"toxiproxy-cli {string.Join(' ', args)} did not exit within {Deadline.TotalSeconds} s");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!server.HasExited)
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        server.Dispose();
    }

    [GeneratedRegex("\"port\":(\\d+)")]
    private static partial Regex PortPattern();
}
