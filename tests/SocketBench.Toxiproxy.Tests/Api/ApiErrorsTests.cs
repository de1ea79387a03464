using System.Net;
using System.Net.Sockets;
using SocketBench.Toxiproxy.Client;
using SocketBench.Toxiproxy.Tests.Support;

namespace SocketBench.Toxiproxy.Tests.Api;

/// <summary>Every error row of reference section 1.3: status, exact <c>error</c> text, content type.</summary>
[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class ApiErrorsTests
{
    private static async Task ExpectErrorAsync(TestToxiproxy tp, string method, string path, string? body, int status, string error)
    {
        var reply = await tp.SendAsync(method, path, body);
        Assert.Multiple(() =>
        {
            Assert.That(reply.Status, Is.EqualTo(status), $"{method} {path} {body}");
            Assert.That(reply.Body, Is.EqualTo($"{{\"error\":{System.Text.Json.JsonSerializer.Serialize(error)},\"status\":{status}}}\n"));
            Assert.That(reply.ContentType, Is.EqualTo("text/plain; charset=utf-8"));
            Assert.That(reply.Headers["X-Content-Type-Options"], Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task CreateProxy_EmptyBody_400Eof()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, "POST", "/proxies", "", 400, "bad request body: EOF");
    }

    [Test]
    public async Task CreateProxy_NotJson_400BadRequestBody()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, "POST", "/proxies", "garbage", 400, "bad request body: invalid character 'g' looking for beginning of value");
    }

    [Test]
    public async Task CreateProxy_WrongFieldType_400BadRequestBody()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, "POST", "/proxies", """{"name":"p","upstream":"x:1","enabled":"yes"}""", 400,
            "bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool");
    }

    [TestCase("""{"upstream":"127.0.0.1:1"}""", "missing required field: name")]
    [TestCase("""{"name":"p"}""", "missing required field: upstream")]
    public async Task CreateProxy_MissingField_400(string body, string error)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, "POST", "/proxies", body, 400, error);
    }

    [Test]
    public async Task Populate_MissingNameAtProxy2_400JsonBodyAndNothingCreated()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var reply = await tp.SendAsync("POST", "/populate", """[{"name":"a","upstream":"127.0.0.1:1","listen":"127.0.0.1:0"},{"upstream":"127.0.0.1:1"}]""");
        Assert.That(reply.Status, Is.EqualTo(400));
        Assert.That(reply.Body, Is.EqualTo("""{"error":"missing required field: name at proxy 2","status":400,"proxies":null}"""));
        Assert.That(reply.ContentType, Does.StartWith("application/json"));
        Assert.That((await tp.SendAsync("GET", "/proxies")).Body, Is.EqualTo("{}"));
    }

    [TestCase("GET", "/proxies/none")]
    [TestCase("DELETE", "/proxies/none")]
    [TestCase("POST", "/proxies/none")]
    [TestCase("GET", "/proxies/none/toxics")]
    public async Task UnknownProxy_404(string method, string path)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, method, path, method == "POST" ? "{}" : null, 404, "proxy not found");
    }

    [Test]
    public async Task CreateProxy_DuplicateName_409()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("dup", "127.0.0.1:1");
        await ExpectErrorAsync(tp, "POST", "/proxies", """{"name":"dup","upstream":"127.0.0.1:1","listen":"127.0.0.1:0"}""", 409, "proxy already exists");
    }

    [Test]
    public async Task CreateProxy_ListenInUse_500GoMessageAndNotAdded()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        var first = await tp.Client.CreateProxyAsync("first", "127.0.0.1:1");
        await ExpectErrorAsync(tp, "POST", "/proxies", $$"""{"name":"second","upstream":"127.0.0.1:1","listen":"localhost:{{first.ListenPort}}"}""", 500,
            $"listen tcp 127.0.0.1:{first.ListenPort}: bind: address already in use");
        Assert.That((await tp.Client.GetProxiesAsync()).Keys, Is.EqualTo(new[] { "first" }));

        await first.DeleteAsync();
        var second = await tp.Client.CreateProxyAsync("second", "127.0.0.1:1", new ListenAddress($"localhost:{first.ListenPort}"));
        Assert.That(second.Listen, Is.EqualTo($"127.0.0.1:{first.ListenPort}"), "deleting the first proxy frees the port");
    }

    [TestCase("nonsense", "listen tcp: address nonsense: missing port in address")]
    [TestCase("127.0.0.1:99999", "listen tcp: address 99999: invalid port")]
    public async Task CreateProxy_BadListen_500(string listen, string error)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, "POST", "/proxies", $$"""{"name":"p","upstream":"127.0.0.1:1","listen":"{{listen}}"}""", 500, error);
    }

    [Test]
    public async Task CreateProxy_ListenIpNotLocal_500CannotAssign()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await ExpectErrorAsync(tp, "POST", "/proxies", """{"name":"p","upstream":"127.0.0.1:1","listen":"10.255.255.1:5000"}""", 500,
            "listen tcp 10.255.255.1:5000: bind: cannot assign requested address");
    }

    [Test]
    public async Task UpdateProxy_UnparsableListen_500WithoutListenPrefix()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await ExpectErrorAsync(tp, "PATCH", "/proxies/p", """{"listen":"bad"}""", 500, "address bad: missing port in address");
    }

    [TestCase("walrustream")]
    [TestCase("")]
    public async Task CreateToxic_BadStream_400(string stream)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", $$"""{"type":"latency","stream":"{{stream}}"}""", 400,
            "stream was invalid, can be either upstream or downstream");
    }

    [TestCase("Latency")]
    [TestCase("down")]
    [TestCase("")]
    public async Task CreateToxic_UnknownType_400(string type)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", $$"""{"type":"{{type}}"}""", 400, "invalid toxic type");
    }

    [Test]
    public async Task CreateToxic_NameUsedInOtherStream_409()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await tp.SendAsync("POST", "/proxies/p/toxics", """{"name":"foobar","type":"latency","stream":"upstream"}""");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", """{"name":"foobar","type":"latency","stream":"downstream"}""", 409, "toxic already exists");
    }

    [TestCase("GET")]
    [TestCase("PATCH")]
    [TestCase("POST")]
    [TestCase("DELETE")]
    public async Task UnknownToxic_404(string method)
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await ExpectErrorAsync(tp, method, "/proxies/p/toxics/nope", method is "PATCH" or "POST" ? "{}" : null, 404, "toxic not found");
    }

    [Test]
    public async Task CreateToxic_FractionalInteger_400GoMessage()
    {
        await using var tp = await TestToxiproxy.StartAsync();
        await tp.Client.CreateProxyAsync("p", "127.0.0.1:1");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", """{"type":"latency","attributes":{"latency":1.5}}""", 400,
            "bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", """{"type":"latency","attributes":{"latency":100.0}}""", 400,
            "bad request body: json: cannot unmarshal number 100.0 into Go struct field LatencyToxic.attributes.latency of type int64");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", """{"type":"latency","attributes":{"latency":"100"}}""", 400,
            "bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64");
        await ExpectErrorAsync(tp, "POST", "/proxies/p/toxics", """{"type":"latency","toxicity":"1"}""", 400,
            "bad request body: json: cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32");
    }
}
