using System.Text.Json;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>Toxic endpoints, with the exact JSON Toxiproxy.Net and the CLI send.</summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ToxicApiTests
{
    private static async Task<TestToxiproxy> StartWithProxyAsync()
    {
        var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        return tp;
    }

    [Test]
    public async Task CreateToxic_ToxiproxyNetShape_200EchoesStreamVerbatim()
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics",
            """{"Name":"LatencyToxicTest","Stream":"UpStream","Toxicity":null,"Type":"latency","Attributes":{"Latency":5,"Jitter":10}}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        Assert.That(reply.ContentType, Is.EqualTo("application/json"));
        Assert.That(reply.Body, Is.EqualTo("""{"attributes":{"latency":5,"jitter":10},"name":"LatencyToxicTest","type":"latency","stream":"UpStream","toxicity":1}"""));
    }

    [Test]
    public async Task UpdateToxic_ToxiproxyNetPostWithNulls_MergesAndIgnoresNameTypeStream()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"Name":"t","Stream":"UpStream","Toxicity":0.5,"Type":"latency","Attributes":{"Latency":5,"Jitter":10}}""");
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics/t",
            """{"Name":"renamed","Stream":"DownStream","Toxicity":null,"Type":"bandwidth","Attributes":{"Latency":50,"Jitter":null}}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        Assert.That(reply.Body, Is.EqualTo("""{"attributes":{"latency":50,"jitter":10},"name":"t","type":"latency","stream":"UpStream","toxicity":0.5}"""));
    }

    [Test]
    public async Task CreateToxic_CliShape_200()
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics",
            """{"name":"cli","type":"bandwidth","stream":"upstream","toxicity":1,"attributes":{"rate":100}}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        var update = await tp.SendAsync("POST", "/proxies/p/toxics/cli", """{"toxicity":1,"attributes":{"rate":200}}""");
        Assert.That(update.Body, Is.EqualTo("""{"attributes":{"rate":200},"name":"cli","type":"bandwidth","stream":"upstream","toxicity":1}"""));
    }

    [Test]
    public async Task CreateToxic_NoNameNoStream_DefaultsLatencyDownstream()
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency"}""");
        Assert.That(reply.Body, Is.EqualTo("""{"attributes":{"latency":0,"jitter":0},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"""));
        var up = await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency","stream":"UpStream"}""");
        Assert.That(JsonDocument.Parse(up.Body).RootElement.GetProperty("name").GetString(), Is.EqualTo("latency_UpStream"), "default name uses the stream as sent");
    }

    [Test]
    public async Task CreateToxic_Noop_EmptyAttributesDownstream()
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"noop"}""");
        Assert.That(reply.Body, Is.EqualTo("""{"attributes":{},"name":"noop_downstream","type":"noop","stream":"downstream","toxicity":1}"""));
    }

    [Test]
    public async Task CreateToxic_Toxicity02_RoundTrips()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency","toxicity":0.2}""");
        Assert.That((await tp.SendAsync("GET", "/proxies/p/toxics/latency_downstream")).Body, Does.EndWith("\"toxicity\":0.2}"));
    }

    [Test]
    public async Task ListToxics_BothStreams_UpstreamFirstThenInsertionOrder()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"name":"d1","type":"noop"}""");
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency","stream":"upstream"}""");
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency","stream":"downstream"}""");
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"name":"u2","type":"noop","stream":"upstream"}""");
        using var doc = JsonDocument.Parse((await tp.SendAsync("GET", "/proxies/p/toxics")).Body);
        Assert.That(doc.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()),
            Is.EqualTo(new[] { "latency_upstream", "u2", "d1", "latency_downstream" }));
    }

    [Test]
    public async Task UpdateToxic_PatchPartialAttributes_MergesAndKeepsToxicity()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency","toxicity":0.5,"attributes":{"latency":100,"jitter":7}}""");
        var reply = await tp.SendAsync("PATCH", "/proxies/p/toxics/latency_downstream", """{"attributes":{"latency":200}}""");
        Assert.That(reply.Body, Is.EqualTo("""{"attributes":{"latency":200,"jitter":7},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":0.5}"""));
    }

    [Test]
    public async Task UpdateToxic_RejectedPatch_ChangesNothing()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency","attributes":{"latency":100,"jitter":1}}""");
        var reply = await tp.SendAsync("PATCH", "/proxies/p/toxics/latency_downstream", """{"attributes":{"jitter":7,"latency":1.5}}""");
        Assert.That(reply.Status, Is.EqualTo(400));
        Assert.That((await tp.SendAsync("GET", "/proxies/p/toxics/latency_downstream")).Body, Does.StartWith("""{"attributes":{"latency":100,"jitter":1}"""));
    }

    [Test]
    public async Task DeleteToxic_Existing_204ThenGone()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"timeout"}""");
        Assert.That((await tp.SendAsync("DELETE", "/proxies/p/toxics/timeout_downstream")).Status, Is.EqualTo(204));
        Assert.That((await tp.SendAsync("GET", "/proxies/p/toxics/timeout_downstream")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task CreateToxic_DisabledProxy_Allowed()
    {
        await using var tp = await StartWithProxyAsync();
        await tp.SendAsync("POST", "/proxies/p", """{"enabled":false}""");
        Assert.That((await tp.SendAsync("POST", "/proxies/p/toxics", """{"type":"latency"}""")).Status, Is.EqualTo(200));
    }

    [TestCase("latency", """{"latency":1,"jitter":2}""")]
    [TestCase("bandwidth", """{"rate":3}""")]
    [TestCase("slow_close", """{"delay":4}""")]
    [TestCase("timeout", """{"timeout":5}""")]
    [TestCase("reset_peer", """{"timeout":6}""")]
    [TestCase("slicer", """{"average_size":7,"size_variation":1,"delay":8}""")]
    [TestCase("limit_data", """{"bytes":9}""")]
    public async Task CreateToxic_EachType_AttributesRoundTrip(string type, string attributes)
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics", $$"""{"type":"{{type}}","attributes":{{attributes}}}""");
        Assert.That(reply.Status, Is.EqualTo(200), reply.Body);
        Assert.That(reply.Body, Does.StartWith($$"""{"attributes":{{attributes}},"name":"{{type}}_downstream","type":"{{type}}","""));
    }

    [Test]
    public async Task CreateToxic_TrailingGarbage_FirstValueUsed()
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics", """{"name":"first","type":"noop"} trailing""");
        Assert.That(reply.Status, Is.EqualTo(200));
        Assert.That(reply.Body, Is.EqualTo("""{"attributes":{},"name":"first","type":"noop","stream":"downstream","toxicity":1}"""));
    }

    [Test]
    public async Task CreateToxic_TwoJsonValues_FirstWinsSecondIgnored()
    {
        await using var tp = await StartWithProxyAsync();
        var reply = await tp.SendAsync("POST", "/proxies/p/toxics",
            """{"name":"first","type":"latency","attributes":{"latency":10}} {"name":"second","type":"bandwidth","attributes":{"rate":1}}""");
        Assert.That(reply.Status, Is.EqualTo(200));
        using var doc = JsonDocument.Parse((await tp.SendAsync("GET", "/proxies/p/toxics")).Body);
        var only = doc.RootElement.EnumerateArray().Single();
        Assert.That(only.GetProperty("name").GetString(), Is.EqualTo("first"));
        Assert.That(only.GetProperty("type").GetString(), Is.EqualTo("latency"));
        Assert.That(only.GetProperty("attributes").GetProperty("latency").GetInt64(), Is.EqualTo(10));
    }
}
