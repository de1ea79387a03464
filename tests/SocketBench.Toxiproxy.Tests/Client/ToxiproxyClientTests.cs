using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Client;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxiproxyClientTests
{
    [TestCase("localhost:8474", "http://localhost:8474/")]
    [TestCase("http://127.0.0.1:9000", "http://127.0.0.1:9000/")]
    [TestCase("  ", null)]
    [TestCase(null, null)]
    public void ParseUrl_SchemeOptional_AsTheCli(string? input, string? expected)
    {
        Assert.That(ToxiproxyClient.ParseUrl(input)?.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Roundtrip_EveryCall_MatchesServerState()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var client = tp.Client;
        Assert.That(await client.GetVersionAsync(), Is.EqualTo("2.12.0-socketbench"));

        var proxy = await client.CreateProxyAsync("redis", "127.0.0.1:6379");
        Assert.That(proxy.ListenPort, Is.Positive);
        Assert.That(proxy.ListenHost, Is.EqualTo("127.0.0.1"));

        var toxic = await proxy.AddToxicAsync(new SlicerToxic { Stream = ToxicStream.Upstream, AverageSizeBytes = 10, SizeVariationBytes = 2, DelayMicroseconds = 5 });
        Assert.That(toxic.Name, Is.EqualTo("slicer_upstream"));
        Assert.That(toxic.Attributes, Is.EqualTo(new Dictionary<string, long> { ["average_size"] = 10, ["size_variation"] = 2, ["delay"] = 5 }));

        var updated = await proxy.UpdateToxicAsync("slicer_upstream", new SlicerToxic { AverageSizeBytes = 20, Toxicity = 0.5f });
        Assert.That(updated.Attributes["average_size"], Is.EqualTo(20));
        Assert.That(updated.Toxicity, Is.EqualTo(0.5f));
        Assert.That(updated.Stream, Is.EqualTo("upstream"), "update never moves a toxic");

        await proxy.AddToxicAsync(new ResetPeerToxic { Name = "rst", TimeoutMilliseconds = 10 });
        Assert.That((await proxy.GetToxicsAsync()).Select(t => t.Name), Is.EqualTo(new[] { "slicer_upstream", "rst" }));

        await proxy.DisableAsync();
        Assert.That(proxy.Enabled, Is.False);
        await proxy.ResetAsync();
        Assert.That(proxy.Enabled, Is.True);
        Assert.That(await proxy.GetToxicsAsync(), Is.Empty);

        var populated = await client.PopulateAsync([("web", "127.0.0.1:80", "127.0.0.1:0", [new LatencyToxic { LatencyMilliseconds = 7 }])]);
        Assert.That(populated.Single().Toxics.Single().Attributes["latency"], Is.EqualTo(7));
        Assert.That((await client.GetProxiesAsync()).Keys, Is.EquivalentTo(new[] { "redis", "web" }));

        await client.ResetAsync();
        await proxy.DeleteAsync();
        var error = Assert.ThrowsAsync<ToxiproxyApiException>(() => client.GetProxyAsync("redis"));
        Assert.That(error!.Status, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        Assert.That(error.ApiMessage, Is.EqualTo("proxy not found"));
    }

    [Test]
    public async Task AddToxic_DuplicateName_ThrowsConflict()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await proxy.AddToxicAsync(new NoopToxic { Name = "n" });
        var error = Assert.ThrowsAsync<ToxiproxyApiException>(() => proxy.AddToxicAsync(new LatencyToxic { Name = "n", Stream = ToxicStream.Upstream }));
        Assert.That(error!.Message, Is.EqualTo("HTTP 409: toxic already exists"));
    }
}
