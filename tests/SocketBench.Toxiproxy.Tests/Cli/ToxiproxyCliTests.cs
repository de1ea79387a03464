using SocketBench.Toxiproxy.Client;

namespace SocketBench.Toxiproxy.Tests.Cli;

/// <summary>
/// The published bin/toxiproxy-cli against the published bin/toxiproxy-server. Expected texts are Toxiproxy's
/// CLI formats (cmd/cli/cli.go): piped output is bare tab-separated lines; a terminal gets colours and hints.
/// </summary>
[TestFixture]
[Category("toxiproxy")]
[Category("process")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxiproxyCliTests
{
    [Test]
    public async Task List_Piped_OneTabSeparatedLinePerProxySortedByName()
    {
        await using var h = await CliHarness.StartAsync();
        Assert.That(await h.RunAsync("create", "-l", "127.0.0.1:0", "-u", "127.0.0.1:6379", "redis"), Is.EqualTo(Ok("Created new proxy redis\n")));
        Assert.That(await h.RunAsync("create", "--listen=127.0.0.1:0", "--upstream", "127.0.0.1:1", "abc"), Is.EqualTo(Ok("Created new proxy abc\n")));
        var redis = await h.Client.GetProxyAsync("redis");
        var abc = await h.Client.GetProxyAsync("abc");
        await abc.DisableAsync();
        await redis.AddToxicAsync(new NoopToxic());

        var list = await h.RunAsync("list");

        Assert.That(list, Is.EqualTo(Ok(
            $"abc\t{abc.Listen}\t127.0.0.1:1\tdisabled\t0\n" +
            $"redis\t{redis.Listen}\t127.0.0.1:6379\tenabled\t1\n")));
        Assert.That(await h.RunAsync("ls"), Is.EqualTo(list), "alias");
    }

    [Test]
    public async Task List_NoProxies_PrintsNothingWhenPiped()
    {
        await using var h = await CliHarness.StartAsync();
        Assert.That(await h.RunAsync("list"), Is.EqualTo(Ok("")));
    }

    [Test]
    public async Task ToggleAndDelete_PrintTheRealCliLinesAndChangeTheServer()
    {
        await using var h = await CliHarness.StartAsync();
        await h.Client.CreateProxyAsync("p", "127.0.0.1:1");

        Assert.That(await h.RunAsync("toggle", "p"), Is.EqualTo(Ok("Proxy p is now disabled\n")));
        Assert.That((await h.Client.GetProxyAsync("p")).Enabled, Is.False);
        Assert.That(await h.RunAsync("tog", "p"), Is.EqualTo(Ok("Proxy p is now enabled\n")));
        Assert.That((await h.Client.GetProxyAsync("p")).Enabled, Is.True);
        Assert.That(await h.RunAsync("delete", "p"), Is.EqualTo(Ok("Deleted proxy p\n")));
        Assert.That(await h.Client.GetProxiesAsync(), Is.Empty);
    }

    [Test]
    public async Task ToxicAddUpdateRemove_PrintTheRealCliLinesAndInspectShowsThem()
    {
        await using var h = await CliHarness.StartAsync();
        await h.Client.CreateProxyAsync("p", "127.0.0.1:1");

        Assert.That(await h.RunAsync("toxic", "add", "-t", "latency", "-a", "latency=100", "-a", "jitter=50", "p"),
            Is.EqualTo(Ok("Added downstream latency toxic 'latency_downstream' on proxy 'p'\n")));
        Assert.That(await h.RunAsync("toxic", "add", "--type=bandwidth", "-u", "-n", "bw", "--tox", "0.5", "-a", "rate=1000000", "p"),
            Is.EqualTo(Ok("Added upstream bandwidth toxic 'bw' on proxy 'p'\n")));

        // Piped inspect: the toxics only, upstream first (the server's order); Go prints float64 1000000 as 1e+06.
        Assert.That(await h.RunAsync("inspect", "p"), Is.EqualTo(Ok(
            "bw\ttype=bandwidth\tstream=upstream\ttoxicity=0.50\tattributes=[\trate=1e+06\t]\n" +
            "latency_downstream\ttype=latency\tstream=downstream\ttoxicity=1.00\tattributes=[\tjitter=50\tlatency=100\t]\n")));

        Assert.That(await h.RunAsync("t", "u", "-n", "bw", "-a", "rate=5", "p"), Is.EqualTo(Ok("Updated toxic 'bw' on proxy 'p'\n")));
        var bw = (await (await h.Client.GetProxyAsync("p")).GetToxicAsync("bw")).As<BandwidthToxic>();
        Assert.That((bw.RateKilobytesPerSecond, bw.Toxicity), Is.EqualTo((5L, 0.5f)), "update without --tox keeps the toxicity");

        Assert.That(await h.RunAsync("toxic", "remove", "-n", "bw", "p"), Is.EqualTo(Ok("Removed toxic 'bw' on proxy 'p'\n")));
        Assert.That(await h.RunAsync("toxic", "delete", "--toxicName", "latency_downstream", "p"), Is.EqualTo(Ok("Removed toxic 'latency_downstream' on proxy 'p'\n")));
        Assert.That(await h.RunAsync("inspect", "p"), Is.EqualTo(Ok("")));
    }

    [TestCase(new[] { "inspect", "nope" }, 1, "Failed to retrieve proxy nope: HTTP 404: proxy not found")]
    [TestCase(new[] { "toggle", "nope" }, 1, "Failed to retrieve proxy nope: HTTP 404: proxy not found")]
    [TestCase(new[] { "delete", "nope" }, 1, "Failed to retrieve proxy nope: HTTP 404: proxy not found")]
    [TestCase(new[] { "create", "p", "-l", "127.0.0.1:0", "-u", "127.0.0.1:1" }, 1, "Failed to create proxy: create: HTTP 409: proxy already exists")]
    [TestCase(new[] { "create", "-l", "127.0.0.1:0", "-u", "127.0.0.1:1" }, 1, "Proxy name is required as the first argument.")]
    [TestCase(new[] { "create", "q", "-l", "127.0.0.1:0" }, 1, "Required argument 'upstream' was empty.")]
    [TestCase(new[] { "inspect" }, 1, "Proxy name is required as the first argument.")]
    [TestCase(new[] { "toxic", "add", "-t", "latency" }, 1, "Proxy name is missing.")]
    [TestCase(new[] { "toxic", "add", "p" }, 1, "Required argument 'type' was empty.")]
    [TestCase(new[] { "toxic", "add", "-t", "latency", "-u", "-d", "p" }, 1, "Only one should be specified: upstream or downstream.")]
    [TestCase(new[] { "toxic", "add", "-t", "latency", "--tox", "2", "p" }, 1, "toxicity should be a float between 0 and 1.")]
    [TestCase(new[] { "toxic", "add", "-t", "latency", "-a", "latency", "p" }, 1, "Attribute 'latency' is not in key=value format.")]
    [TestCase(new[] { "toxic", "add", "-t", "latency", "p2" }, 1, "Failed to add toxic: failed to retrieve proxy with name `p2`: HTTP 404: proxy not found")]
    [TestCase(new[] { "toxic", "add", "-t", "bogus", "p" }, 1, "Failed to add toxic: failed to add toxic to proxy p: AddToxic: HTTP 400: invalid toxic type")]
    [TestCase(new[] { "toxic", "add", "-t", "latency", "-a", "latency=1.5", "p" }, 1,
        "Failed to add toxic: failed to add toxic to proxy p: AddToxic: HTTP 400: bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64")]
    [TestCase(new[] { "toxic", "update", "-n", "nope", "-a", "latency=1", "p" }, 1, "Failed to update toxic: failed to update toxic 'nope' of proxy 'p': HTTP 404: toxic not found")]
    [TestCase(new[] { "toxic", "remove", "-n", "nope", "p" }, 1, "Failed to remove toxic: failed to remove toxic 'nope' from proxy 'p': HTTP 404: toxic not found")]
    [TestCase(new[] { "toxic", "remove", "p" }, 1, "Required argument 'toxicName' was empty.")]
    [TestCase(new[] { "bogus" }, 64, "unknown command 'bogus' (see toxiproxy-cli --help)")]
    [TestCase(new[] { "toxic", "bogus" }, 64, "unknown toxic command 'bogus' (expected add, update or remove)")]
    [TestCase(new[] { "list", "-x" }, 64, "flag provided but not defined: -x (see toxiproxy-cli list --help)")]
    [TestCase(new[] { "toxic", "add", "p", "-t" }, 64, "flag needs an argument: -t")]
    [TestCase(new[] { "inspect", "p", "extra" }, 64, "unexpected argument 'extra' (see toxiproxy-cli inspect --help)")]
    public async Task BadCommand_OneLineOnStderrAndItsExitCode(string[] args, int exitCode, string message)
    {
        await using var h = await CliHarness.StartAsync();
        await h.Client.CreateProxyAsync("p", "127.0.0.1:1");

        var result = await h.RunAsync(args);

        Assert.That(result, Is.EqualTo(new CliResult(exitCode, "", message + "\n")));
    }

    [Test]
    public async Task Host_FromToxiproxyUrlAndOverriddenByDashH()
    {
        await using var h = await CliHarness.StartAsync();
        await h.Client.CreateProxyAsync("p", "127.0.0.1:1");

        var fromEnvironment = await CliHarness.RunCliAsync(["inspect", "p"], environmentUrl: $"http://{h.Host}");
        Assert.That(fromEnvironment, Is.EqualTo(Ok("")));

        var refused = await CliHarness.RunCliAsync(["-h", "127.0.0.1:1", "list"], environmentUrl: h.Host);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Stderr, Does.StartWith("Failed to retrieve proxies: fail to request: http://127.0.0.1:1/: "));
        Assert.That(refused.Stderr.TrimEnd('\n'), Does.Not.Contain('\n'), "one line, no stack trace");
    }

    [Test]
    public async Task HelpAndVersion_ExitZeroOnStdout()
    {
        var help = await CliHarness.RunCliAsync(["--help"]);
        Assert.That(help.ExitCode, Is.Zero);
        Assert.That(help.Stdout, Does.StartWith("NAME:\n   toxiproxy-cli - Simulate network and system conditions\n"));
        Assert.That(help.Stdout, Does.Contain("   --host value, -h value  toxiproxy host to connect to"));
        Assert.That(await CliHarness.RunCliAsync([]), Is.EqualTo(help), "no arguments show the help");

        var toxic = await CliHarness.RunCliAsync(["toxic"]);
        Assert.That((toxic.ExitCode, toxic.Stderr), Is.EqualTo((0, "")));
        Assert.That(toxic.Stdout, Does.Contain("latency=<ms>,jitter=<ms>").And.Contain("add, a").And.Contain("remove, r, delete, d"));

        var add = await CliHarness.RunCliAsync(["help", "toxic", "add"]);
        Assert.That(add.Stdout, Does.Contain("--toxicName value, -n value").And.Contain("--upstream, -u"));
        Assert.That(await CliHarness.RunCliAsync(["toxic", "add", "--help"]), Is.EqualTo(add));

        Assert.That(await CliHarness.RunCliAsync(["--version"]), Is.EqualTo(Ok("toxiproxy-cli version 2.12.0-socketbench\n")));
    }

    [Test]
    public async Task ListAndInspect_OnATerminal_ColoursHeadersAndHintsAsTheRealCli()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            Assert.Ignore("needs script(1) to give the CLI a terminal");
        }

        await using var h = await CliHarness.StartAsync();
        var redis = await h.Client.CreateProxyAsync("redis", "127.0.0.1:6379");
        await redis.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 100, JitterMilliseconds = 50 });
        var cli = CliHarness.CliBinary;

        var tty = await CliHarness.RunCliAsync(["-qec", $"{cli} -h {h.Host} list; {cli} -h {h.Host} inspect redis", "/dev/null"], file: "/usr/bin/script");

        const string G = "\e[32m", B = "\e[34m", Y = "\e[33m", P = "\e[35m", R = "\e[31m", N = "\e[0m";
        var listen = redis.Listen;
        var listenTabs = listen.Length >= 8 ? "\t" : "\t\t";
        Assert.That(tty.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal), Is.EqualTo(
            $"{G}Name\t\t\t{B}Listen\t\t{Y}Upstream\t\t{P}Enabled\t\t{R}Toxics\n{N}" +
            $"{N}{new string('=', 86)}\n" +
            $"{G}redis{N}\t\t\t{B}{listen}{N}{listenTabs}{Y}127.0.0.1:6379{N}\t\t{P}enabled{N}\t\t{R}1{N}\n" +
            $"\n{N}Hint: inspect toxics with `toxiproxy-cli inspect <proxyName>`\n" +
            $"{P}Name: {N}redis\t{B}Listen: {N}{listen}\t{Y}Upstream: {N}127.0.0.1:6379\n" +
            $"{N}{new string('=', 70)}\n" +
            $"{G}Upstream toxics:\n{N}{R}Proxy has no Upstream toxics enabled.\n{N}" +
            "\n" +
            $"{G}Downstream toxics:\n{N}{B}latency_downstream:{N}\ttype=latency\tstream=downstream\ttoxicity=1.00\tattributes=[\tjitter=50\tlatency=100\t]\n" +
            $"\n{N}Hint: add a toxic with `toxiproxy-cli toxic add`\n"));
    }

    private static CliResult Ok(string stdout) => new(0, stdout, "");
}
