using System.Net.Sockets;
using SocketBench.Load.Clients;

namespace SocketBench.Load.Tests.Clients;

/// <summary>The raw path's errno table gives the names .NET's Socket gives (status codes and the classifier depend on them).</summary>
[TestFixture]
[Category("unit")]
public sealed class ErrnoTests
{
    [TestCase(104, SocketError.ConnectionReset)]
    [TestCase(103, SocketError.ConnectionAborted)]
    [TestCase(32, SocketError.Shutdown)]
    [TestCase(110, SocketError.TimedOut)]
    [TestCase(111, SocketError.ConnectionRefused)]
    [TestCase(113, SocketError.HostUnreachable)]
    [TestCase(24, SocketError.TooManyOpenSockets)]
    [TestCase(99, SocketError.AddressNotAvailable)]
    [TestCase(11, SocketError.WouldBlock)]
    [TestCase(4, SocketError.Interrupted)]
    [TestCase(0, SocketError.Success)]
    [TestCase(9999, SocketError.SocketError)]
    public void ToSocketError_LinuxErrno_SameNameAsDotNet(int errno, SocketError expected) =>
        Assert.That(Errno.ToSocketError(errno), Is.EqualTo(expected));

    [TestCase(104, true)]
    [TestCase(32, true)]
    [TestCase(110, false)]
    public void ToSocketError_ThenClassifier_ResetsAreResets(int errno, bool reset) =>
        Assert.That(SocketErrorClassifier.IsReset(Errno.ToSocketError(errno)), Is.EqualTo(reset));
}
