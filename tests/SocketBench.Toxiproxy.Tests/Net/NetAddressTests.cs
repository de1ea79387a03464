using SocketBench.Toxiproxy.Net;

namespace SocketBench.Toxiproxy.Tests.Net;

[TestFixture]
[Category("unit")]
[Category("toxiproxy")]
[Parallelizable(ParallelScope.All)]
public sealed class NetAddressTests
{
    [TestCase("localhost:3310", "127.0.0.1:3310")]
    [TestCase("127.0.0.1:0", "127.0.0.1:0")]
    [TestCase(":0", "[::]:0")]
    [TestCase("", "[::]:0")]
    [TestCase("0.0.0.0:0", "[::]:0")]
    [TestCase("[::]:0", "[::]:0")]
    [TestCase("[::1]:5", "[::1]:5")]
    public void ResolveToString_GoForms(string input, string expected)
    {
        Assert.That(NetAddress.ResolveToString(input), Is.EqualTo(expected));
    }

    [TestCase("bad", "address bad: missing port in address")]
    [TestCase("1:2:3", "address 1:2:3: too many colons in address")]
    [TestCase("[::1", "address [::1: missing ']' in address")]
    [TestCase("127.0.0.1:99999", "address 99999: invalid port")]
    public void Resolve_Invalid_GoErrorText(string input, string error)
    {
        var e = Assert.Throws<AddressException>(() => NetAddress.Resolve(input));
        Assert.That(e!.Message, Is.EqualTo(error));
    }

    [TestCase("127.0.0.1:80", true)]
    [TestCase("example.invalid:80", true)]
    [TestCase("nonsense", false)]
    [TestCase("127.0.0.1:0", false)]
    public void ParseDialTarget_NeedsUsablePort(string upstream, bool usable)
    {
        Assert.That(NetAddress.ParseDialTarget(upstream) is not null, Is.EqualTo(usable));
    }
}
