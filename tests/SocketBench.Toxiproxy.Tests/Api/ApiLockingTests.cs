using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>
/// Issue 13: a lock per proxy instead of one for the whole API. A <c>/reset</c> stuck on one proxy's
/// links must not stall calls about anything else; changes to one proxy still serialize.
/// </summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ApiLockingTests
{
    private const int StuckToxics = 10;
    private static readonly TimeSpan Blocked = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StillBlocked = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Floods the server-to-client direction of a client that never reads until the upstream's send stays
    /// pending: every buffer in between is full and the toxics' stubs are blocked writing. A send that
    /// is merely slow (the proxy waiting for a CPU while `make test` runs fixtures in parallel) is not
    /// a full pipe: one pending for <see cref="Blocked"/> counts only if it is still pending
    /// <see cref="StillBlocked"/> later; otherwise the flood goes on.
    /// </summary>
    private static async Task FloodUntilBlockedAsync(Socket server)
    {
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < 8192; i++)
        {
            var send = server.SendAsync(chunk, SocketFlags.None);
            if (!await CompletesWithinAsync(send, Blocked) && !await CompletesWithinAsync(send, StillBlocked))
            {
                return;
            }
        }

        Assert.Fail("the proxy never stopped reading from upstream (512 MiB sent)");
    }

    private static async Task<bool> CompletesWithinAsync(Task send, TimeSpan limit)
    {
        try
        {
            await send.WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<TimeSpan> BestOfThreeAsync(Func<Task<int>> call, int expectedStatus, string what)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.That(await call(), Is.EqualTo(expectedStatus), what);
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }

    [Test]
    public async Task Reset_StuckLinksOnOneProxy_UnrelatedCallsAnswerWhileItRuns()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var upstream = TestServer.Manual();
        var stuck = await tp.Client.CreateProxyAsync("a-stuck", upstream.Address);
        // Each stuck toxic holds the reset for the link-change timeout (2 s): ten keep it waiting for
        // 20 s, far longer than the calls below take even on a loaded machine; the client's close at
        // the end releases it at once.
        for (var i = 0; i < StuckToxics; i++)
        {
            Assert.That((await tp.SendAsync("POST", "/proxies/a-stuck/toxics", $$"""{"name":"n{{i}}","type":"noop"}""")).Status, Is.EqualTo(200));
        }

        await tp.Client.CreateProxyAsync("b-other", "127.0.0.1:1");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(System.Net.IPAddress.Loopback, stuck.ListenPort);
        using var server = await upstream.NextAsync();
        await FloodUntilBlockedAsync(server);

        using var resetHttp = new HttpClient { BaseAddress = tp.Server.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        var reset = resetHttp.PostAsync("/reset", null);
        await Eventually.UntilAsync(
            async () => JsonDocument.Parse((await tp.SendAsync("GET", "/proxies/a-stuck/toxics")).Body).RootElement.GetArrayLength() < StuckToxics,
            TimeSpan.FromSeconds(10),
            "reset started on the stuck proxy (its first toxic is gone, its links have not applied it)");

        var list = await BestOfThreeAsync(async () => (await tp.SendAsync("GET", "/proxies")).Status, 200, "GET /proxies");
        var change = await BestOfThreeAsync(
            async () => (await tp.SendAsync("PATCH", "/proxies/b-other", """{"enabled":true}""")).Status, 200, "PATCH another proxy");
        var toxic = 0;
        var add = await BestOfThreeAsync(
            async () => (await tp.SendAsync("POST", "/proxies/b-other/toxics", $$"""{"name":"t{{toxic++}}","type":"noop"}""")).Status, 200, "toxic on another proxy");
        Assert.That(reset.IsCompleted, Is.False, "the reset is still waiting on the stuck links: the calls above ran meanwhile");
        TestContext.Out.WriteLine($"during /reset: GET /proxies {list.TotalMilliseconds:F1} ms, PATCH other {change.TotalMilliseconds:F1} ms, add toxic other {add.TotalMilliseconds:F1} ms (best of 3)");
        // The proof is the order above (each call answered while the reset still waits, at least 2 s per
        // stuck toxic); the bound only catches a call that waited on the reset's lock. The 100 ms goal
        // is read from the line printed above (under a millisecond on a quiet machine): a wall-clock
        // bound that tight would fail a loaded CI machine, not the code.
        var bound = TimeSpan.FromSeconds(1);
        Assert.Multiple(() =>
        {
            Assert.That(list, Is.LessThan(bound), "GET /proxies during the reset");
            Assert.That(change, Is.LessThan(bound), "PATCH another proxy during the reset");
            Assert.That(add, Is.LessThan(bound), "add a toxic to another proxy during the reset");
        });

        client.Dispose();
        using var done = await reset.Within(TimeSpan.FromSeconds(30), "reset");
        Assert.That((int)done.StatusCode, Is.EqualTo(204));
        Assert.That((await tp.Client.GetProxyAsync("a-stuck")).Info.Toxics, Is.Empty);
    }

    [Test]
    [NonParallelizable]
    public async Task CreateProxy_ListenNameStillResolving_OtherCallsAnswerMeanwhile()
    {
        const string SlowName = "slow-lookup.invalid";
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var system = SocketBench.Toxiproxy.Net.NetAddress.LookupHost;
        SocketBench.Toxiproxy.Net.NetAddress.LookupHost = name =>
        {
            if (name != SlowName)
            {
                return system(name);
            }

            entered.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(60));
            return [System.Net.IPAddress.Loopback];
        };
        try
        {
            await using var tp = await TestToxiproxy.StartAsync();
            await tp.Client.CreateProxyAsync("existing", "127.0.0.1:1");
            var slow = tp.SendAsync("POST", "/proxies", $$"""{"name":"slow","listen":"{{SlowName}}:0","upstream":"127.0.0.1:1"}""");
            await entered.Task.Within(TimeSpan.FromSeconds(20), "the create's lookup started");

            // Each call below would wait for the lookup if any lock it takes were held across it.
            Assert.That((await tp.SendAsync("GET", "/proxies").Within(TimeSpan.FromSeconds(20), "GET /proxies")).Status, Is.EqualTo(200));
            Assert.That((await tp.SendAsync("POST", "/proxies", """{"name":"other","upstream":"127.0.0.1:1"}""").Within(TimeSpan.FromSeconds(20), "create another proxy")).Status, Is.EqualTo(201));
            Assert.That((await tp.SendAsync("PATCH", "/proxies/existing", """{"enabled":false}""").Within(TimeSpan.FromSeconds(20), "change another proxy")).Status, Is.EqualTo(200));
            Assert.That(slow.IsCompleted, Is.False, "the lookup is still held: the calls above answered meanwhile");

            release.Set();
            var created = await slow.Within(TimeSpan.FromSeconds(20), "the slow create");
            Assert.That(created.Status, Is.EqualTo(201), created.Body);
            Assert.That(created.Body, Does.Contain("\"listen\":\"127.0.0.1:"), "the name resolved to the address the lookup gave");
        }
        finally
        {
            release.Set();
            SocketBench.Toxiproxy.Net.NetAddress.LookupHost = system;
        }
    }

    [Test]
    public async Task CreateProxy_SameNameConcurrently_ExactlyOneCreated()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            tp.SendAsync("POST", "/proxies", """{"name":"race","upstream":"127.0.0.1:1"}""")));
        Assert.That(replies.Count(r => r.Status == 201), Is.EqualTo(1));
        Assert.That(replies.Count(r => r.Status == 409), Is.EqualTo(15));
    }

    [Test]
    public async Task CreateToxic_SameNameConcurrently_ExactlyOneCreated()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            tp.SendAsync("POST", "/proxies/p/toxics", $$"""{"name":"same","type":"latency","stream":"{{(i % 2 == 0 ? "upstream" : "downstream")}}"}""")));
        Assert.That(replies.Count(r => r.Status == 200), Is.EqualTo(1));
        Assert.That(replies.Count(r => r.Status == 409), Is.EqualTo(15));
    }

    [Test]
    public async Task DeleteProxy_WhileTogglingConcurrently_GoneAndPortFreed()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var toggles = Enumerable.Range(0, 20).Select(i =>
            tp.SendAsync("PATCH", "/proxies/p", i % 2 == 0 ? """{"enabled":false}""" : """{"enabled":true}""")).ToList();
        var delete = tp.SendAsync("DELETE", "/proxies/p");
        await Task.WhenAll(toggles);
        Assert.That((await delete).Status, Is.EqualTo(204));
        Assert.That((await tp.SendAsync("GET", "/proxies/p")).Status, Is.EqualTo(404));
        Assert.That(async () => { using var s = await Sockets.ConnectAsync(proxy.ListenPort); }, Throws.InstanceOf<SocketException>(), "a deleted proxy never listens again");
    }
}
