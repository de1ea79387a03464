using System.Net;
using System.Net.Sockets;
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

        var proxy = await client.CreateProxyAsync("redis", upstream: "127.0.0.1:6379");
        Assert.That(proxy.ListenPort, Is.Positive);
        Assert.That(proxy.ListenHost, Is.EqualTo("127.0.0.1"));

        var toxic = await proxy.AddToxicAsync(new SlicerToxic { Stream = ToxicStream.Upstream, AverageSizeBytes = 10, SizeVariationBytes = 2, DelayMicroseconds = 5 });
        Assert.That(toxic.Name, Is.EqualTo("slicer_upstream"));
        Assert.That(toxic.As<SlicerToxic>(), Is.EqualTo(new SlicerToxic
        {
            Name = "slicer_upstream", Stream = ToxicStream.Upstream, Toxicity = 1, AverageSizeBytes = 10, SizeVariationBytes = 2, DelayMicroseconds = 5,
        }));

        var updated = await proxy.UpdateToxicAsync("slicer_upstream", new SlicerToxic { AverageSizeBytes = 20, Toxicity = 0.5f });
        Assert.That(updated.GetInt64("average_size"), Is.EqualTo(20));
        Assert.That(updated.Toxicity, Is.EqualTo(0.5f));
        Assert.That(updated.Stream, Is.EqualTo("upstream"), "update never moves a toxic");

        await proxy.AddToxicAsync(new ResetPeerToxic { Name = "rst", TimeoutMilliseconds = 10 });
        Assert.That((await proxy.GetToxicsAsync()).Select(t => t.Name), Is.EqualTo(new[] { "slicer_upstream", "rst" }));

        await proxy.DisableAsync();
        Assert.That(proxy.Enabled, Is.False);
        await proxy.ResetAsync();
        Assert.That(proxy.Enabled, Is.True);
        Assert.That(await proxy.GetToxicsAsync(), Is.Empty);

        var populated = await client.PopulateAsync([new ProxyDefinition("web", "127.0.0.1:80", ListenAddress.LoopbackAnyPort) { Toxics = [new LatencyToxic { LatencyMilliseconds = 7 }] }]);
        Assert.That(populated.Single().Toxics.Single().As<LatencyToxic>().LatencyMilliseconds, Is.EqualTo(7));
        Assert.That((await client.GetProxiesAsync()).Keys, Is.EquivalentTo(new[] { "redis", "web" }));

        await client.ResetAsync();
        await proxy.DeleteAsync();
        var error = Assert.ThrowsAsync<ToxiproxyApiException>(() => client.GetProxyAsync("redis"));
        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.NotFound));
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

    [Test]
    public async Task UpdateToxic_OnlyJitterSet_KeepsLatencyAndToxicity()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await proxy.AddToxicAsync(new LatencyToxic { Name = "lat", LatencyMilliseconds = 100, JitterMilliseconds = 3, Toxicity = 0.25f });

        var updated = await proxy.UpdateToxicAsync("lat", new LatencyToxic { JitterMilliseconds = 5 });

        var read = (await proxy.GetToxicAsync("lat")).As<LatencyToxic>();
        Assert.That(read.LatencyMilliseconds, Is.EqualTo(100), "unset latency is kept, not reset to 0");
        Assert.That(read.JitterMilliseconds, Is.EqualTo(5));
        Assert.That(read.Toxicity, Is.EqualTo(0.25f), "unset toxicity is kept, not reset to 1");
        Assert.That(updated.As<LatencyToxic>(), Is.EqualTo(read), "the PATCH answer is the stored toxic");
    }

    [Test]
    public async Task Updates_SendPatchWithOnlyTheFieldsSet()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = new ToxiproxyClient(tp.Server.ApiUrl, http);
        var proxy = await client.CreateProxyAsync("p", "127.0.0.1:1");
        await proxy.AddToxicAsync(new LatencyToxic { Name = "lat", LatencyMilliseconds = 100 });

        await proxy.DisableAsync();
        await proxy.UpdateToxicAsync("lat", new LatencyToxic { JitterMilliseconds = 5 });
        await proxy.SetAddressesAsync(upstream: "127.0.0.1:2");

        Assert.That(recorder.Requests.Skip(2), Is.EqualTo(new[]
        {
            "PATCH /proxies/p {\"enabled\":false}",
            "PATCH /proxies/p/toxics/lat {\"attributes\":{\"jitter\":5}}",
            "PATCH /proxies/p {\"upstream\":\"127.0.0.1:2\"}",
        }));
        Assert.That((await client.GetProxyAsync("p")).Info.Upstream, Is.EqualTo("127.0.0.1:2"));
    }

    [Test]
    public async Task GetToxic_Missing_Throws404ToxicNotFound()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var error = Assert.ThrowsAsync<ToxiproxyApiException>(() => proxy.GetToxicAsync("nope"));
        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.ApiMessage, Is.EqualTo("toxic not found"));
    }

    [Test]
    public async Task ToxicInfo_EveryKnownType_ReadsBackAsItsTypedSpec()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        ToxicSpec[] specs =
        [
            new LatencyToxic { Name = "a", LatencyMilliseconds = 1, JitterMilliseconds = 2, Toxicity = 1 },
            new BandwidthToxic { Name = "b", RateKilobytesPerSecond = 3, Toxicity = 1 },
            new SlowCloseToxic { Name = "c", DelayMilliseconds = 4, Toxicity = 1 },
            new TimeoutToxic { Name = "d", TimeoutMilliseconds = 5, Toxicity = 1 },
            new ResetPeerToxic { Name = "e", TimeoutMilliseconds = 6, Toxicity = 1 },
            new SlicerToxic { Name = "f", AverageSizeBytes = 7, SizeVariationBytes = 1, DelayMicroseconds = 9, Toxicity = 1 },
            new LimitDataToxic { Name = "g", Bytes = 10, Toxicity = 1 },
            new NoopToxic { Name = "h", Toxicity = 1 },
        ];
        foreach (var spec in specs)
        {
            await proxy.AddToxicAsync(spec);
        }

        var read = (await proxy.GetToxicsAsync()).Select(t => t.ToSpec());
        Assert.That(read, Is.EqualTo(specs));
        var latency = await proxy.GetToxicAsync("a");
        Assert.That(() => latency.As<BandwidthToxic>(),
            Throws.InvalidOperationException.With.Message.EqualTo("toxic 'a' is of type 'latency', not BandwidthToxic"));
    }

    [Test]
    public async Task ToxicInfo_UnknownTypeAndAttributesOfAnyJsonType_ReadWithoutThrowing()
    {
        // Another Toxiproxy-compatible server (a custom toxic, a float, a string): a canned answer stands in for it.
        const string Body = """
            {"name":"p","listen":"127.0.0.1:1","upstream":"x:1","enabled":true,"Logger":{},"toxics":[
              {"attributes":{"latency":1.5,"jitter":"7","extra":[1]},"name":"l","type":"latency","stream":"UpStream","toxicity":0.5},
              {"attributes":{"probability":0.25,"mode":"drop"},"name":"loss","type":"packet_loss","stream":"downstream","toxicity":1}]}
            """;
        using var http = new HttpClient(new CannedHandler(Body));
        using var client = new ToxiproxyClient(new Uri("http://127.0.0.1:9"), http);

        var proxy = await client.GetProxyAsync("p");

        var latency = proxy.Info.Toxics[0].As<LatencyToxic>();
        Assert.That(latency.LatencyMilliseconds, Is.Null, "a fraction is no whole number of ms");
        Assert.That(latency.JitterMilliseconds, Is.Null, "a string is no number");
        Assert.That(latency.Stream, Is.EqualTo(ToxicStream.Upstream));
        Assert.That(proxy.Info.Toxics[0].Attributes["latency"].GetDouble(), Is.EqualTo(1.5));
        var custom = (CustomToxic)proxy.Info.Toxics[1].ToSpec();
        Assert.That(custom.Type, Is.EqualTo("packet_loss"));
        Assert.That(custom.AttributeValues["mode"].GetString(), Is.EqualTo("drop"));
        Assert.That(custom.AttributeValues["probability"].GetDouble(), Is.EqualTo(0.25));
    }

    [Test]
    public async Task Populate_DisabledDefinition_CreatedWithItsPortRefusing()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var created = await tp.Client.PopulateAsync([new ProxyDefinition("off", "127.0.0.1:1", ListenAddress.Loopback(port)) { Enabled = false }]);

        Assert.That(created.Single().Enabled, Is.False);
        Assert.That((await tp.Client.GetProxyAsync("off")).Enabled, Is.False);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public async Task ResetOnDispose_Proxy_RemovesItsToxicsAndEnablesIt()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var proxy = await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        var other = await tp.Client.CreateProxyAsync("other", "127.0.0.1:1");
        await other.AddToxicAsync(new NoopToxic());
        await using (proxy.ResetOnDispose())
        {
            await proxy.AddToxicAsync(new LatencyToxic { LatencyMilliseconds = 5 });
            await proxy.DisableAsync();
        }

        var after = await tp.Client.GetProxyAsync("p");
        Assert.That(after.Enabled, Is.True);
        Assert.That(after.Info.Toxics, Is.Empty);
        Assert.That((await other.GetToxicsAsync()).Count, Is.EqualTo(1), "a proxy scope leaves other proxies alone");
    }

    [Test]
    public async Task ResetOnDispose_Client_ResetsEveryProxyEvenWhenTheTestThrows()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var a = await tp.Client.CreateProxyAsync("a", "127.0.0.1:1");
        var b = await tp.Client.CreateProxyAsync("b", "127.0.0.1:1");
        Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var scope = tp.Client.ResetOnDispose();
            await a.AddToxicAsync(new NoopToxic());
            await b.DisableAsync();
            throw new InvalidOperationException("test failed half-way");
        });

        var proxies = await tp.Client.GetProxiesAsync();
        Assert.That(proxies.Values.Select(p => (p.Name, p.Enabled, p.Toxics.Count)), Is.EquivalentTo(new[] { ("a", true, 0), ("b", true, 0) }));
    }

    [Test]
    public void CreateProxy_Addresses_AreDistinctTypesAndListenTakesNoBareString()
    {
        // Go's CreateProxy(name, listen, upstream) order must not compile: a string converts to an
        // upstream only, and the two address types do not convert into each other.
        var create = typeof(ToxiproxyClient).GetMethod(nameof(ToxiproxyClient.CreateProxyAsync))!;
        Assert.That(create.GetParameters().Select(p => (p.Name, p.ParameterType)), Is.EqualTo(new[]
        {
            ("name", typeof(string)), ("upstream", typeof(UpstreamAddress)), ("listen", typeof(ListenAddress?)),
            ("enabled", typeof(bool)), ("cancellationToken", typeof(CancellationToken)),
        }));
        Assert.That(typeof(ListenAddress).GetMethods().Where(m => m.Name is "op_Implicit" or "op_Explicit"), Is.Empty);
        Assert.That(typeof(UpstreamAddress).GetMethods().Where(m => m.Name is "op_Implicit" or "op_Explicit").Select(m => m.GetParameters()[0].ParameterType),
            Is.EqualTo(new[] { typeof(string) }));
    }

    [Test]
    public void Addresses_FromEndPoints_FormatAsHostPort()
    {
        Assert.That(new UpstreamAddress(new IPEndPoint(IPAddress.IPv6Loopback, 6379)).Address, Is.EqualTo("[::1]:6379"));
        Assert.That(ListenAddress.Loopback(26379).Address, Is.EqualTo("127.0.0.1:26379"));
        Assert.That(ListenAddress.LoopbackAnyPort.Address, Is.EqualTo("127.0.0.1:0"));
    }

    [Test]
    public void CreateProxy_EmptyUpstream_ThrowsBeforeAnyRequest()
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = new ToxiproxyClient(new Uri("http://127.0.0.1:9"), http);
        var error = Assert.ThrowsAsync<ArgumentException>(() => client.CreateProxyAsync("p", default(UpstreamAddress)));
        Assert.That(error!.Message, Does.StartWith("upstream address is empty"));
        Assert.That(recorder.Requests, Is.Empty);
    }

    /// <summary>Forwards to the real server and records "METHOD /path body" of every request.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath} {body}".TrimEnd());
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Answers every request with 200 and one JSON body.</summary>
    private sealed class CannedHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
    }
}
