using System.Net.Sockets;
using NUnit.Framework;

namespace SocketBench.UnitTests.Core;

[TestFixture]
[Category("unit")]
public class SocketErrorClassifierTests
{
    [TestCase(SocketError.ConnectionRefused, FailureKind.Retryable)]
    [TestCase(SocketError.TimedOut, FailureKind.Retryable)]
    [TestCase(SocketError.HostUnreachable, FailureKind.Retryable)]
    [TestCase(SocketError.NetworkUnreachable, FailureKind.Retryable)]
    [TestCase(SocketError.TryAgain, FailureKind.Retryable)]
    [TestCase(SocketError.NoBufferSpaceAvailable, FailureKind.Retryable)]
    [TestCase(SocketError.TooManyOpenSockets, FailureKind.Retryable)]
    [TestCase(SocketError.ConnectionReset, FailureKind.Retryable)]
    [TestCase(SocketError.ConnectionAborted, FailureKind.Retryable)]
    [TestCase(SocketError.AddressNotAvailable, FailureKind.Retryable)]
    [TestCase(SocketError.HostNotFound, FailureKind.NoHost)]
    [TestCase(SocketError.NoData, FailureKind.NoHost)]
    [TestCase(SocketError.NoRecovery, FailureKind.NoHost)]
    [TestCase(SocketError.AccessDenied, FailureKind.NoPermission)]
    [TestCase(SocketError.AddressFamilyNotSupported, FailureKind.Fatal)]
    [TestCase(SocketError.InvalidArgument, FailureKind.Fatal)]
    [TestCase(SocketError.OperationNotSupported, FailureKind.Fatal)]
    public void ClassifyConnect_Error_MatchesDesignTable(SocketError error, FailureKind expected) =>
        Assert.That(SocketErrorClassifier.ClassifyConnect(error), Is.EqualTo(expected));

    [TestCase(SocketError.ConnectionAborted, FailureKind.PerClient)]
    [TestCase(SocketError.ConnectionReset, FailureKind.PerClient)]
    [TestCase(SocketError.NetworkDown, FailureKind.PerClient)]
    [TestCase(SocketError.HostUnreachable, FailureKind.PerClient)]
    [TestCase(SocketError.ProtocolOption, FailureKind.PerClient)]
    [TestCase(SocketError.AccessDenied, FailureKind.PerClient)]
    [TestCase(SocketError.TimedOut, FailureKind.PerClient)]
    [TestCase(SocketError.TooManyOpenSockets, FailureKind.Resource)]
    [TestCase(SocketError.NoBufferSpaceAvailable, FailureKind.Resource)]
    [TestCase(SocketError.SocketError, FailureKind.Resource)]
    [TestCase(SocketError.InvalidArgument, FailureKind.Fatal)]
    [TestCase(SocketError.NotSocket, FailureKind.Fatal)]
    public void ClassifyAccept_Error_MatchesDesignTable(SocketError error, FailureKind expected) =>
        Assert.That(SocketErrorClassifier.ClassifyAccept(error), Is.EqualTo(expected));

    [TestCase(FailureKind.Retryable, ExitCode.TempFail)]
    [TestCase(FailureKind.NoHost, ExitCode.NoHost)]
    [TestCase(FailureKind.NoPermission, ExitCode.NoPermission)]
    [TestCase(FailureKind.Fatal, ExitCode.Unavailable)]
    public void ConnectExitCode_Kind_IsSysexitsCode(FailureKind kind, ExitCode expected) =>
        Assert.That(SocketErrorClassifier.ConnectExitCode(kind), Is.EqualTo(expected));

    [TestCase(SocketError.AddressAlreadyInUse, ExitCode.Unavailable)]
    [TestCase(SocketError.AddressNotAvailable, ExitCode.Unavailable)]
    [TestCase(SocketError.AccessDenied, ExitCode.NoPermission)]
    [TestCase(SocketError.InvalidArgument, ExitCode.OsError)]
    public void BindExitCode_Error_IsSysexitsCode(SocketError error, ExitCode expected) =>
        Assert.That(SocketErrorClassifier.BindExitCode(error), Is.EqualTo(expected));

    [TestCase(SocketError.AddressAlreadyInUse, ExitCode.Unavailable, "port 5000 already in use (in use)")]
    [TestCase(SocketError.AddressNotAvailable, ExitCode.Unavailable, "address 10.9.8.7 is not on this host (in use)")]
    [TestCase(SocketError.AccessDenied, ExitCode.NoPermission, "no permission to listen on port 5000 (in use)")]
    [TestCase(SocketError.InvalidArgument, ExitCode.OsError, "cannot listen on 10.9.8.7 port 5000 (InvalidArgument): in use")]
    public void BindFailure_Error_GivesTheExitCodeAndTheLineFromOneTable(SocketError error, ExitCode exit, string line) =>
        Assert.That(SocketErrorClassifier.BindFailure(error, "in use", "10.9.8.7", 5000), Is.EqualTo((exit, line)));

    [Test]
    public void ExitCode_Values_MatchDesignSection4()
    {
        Assert.Multiple(() =>
        {
            Assert.That((int)ExitCode.Usage, Is.EqualTo(64));
            Assert.That((int)ExitCode.NoHost, Is.EqualTo(68));
            Assert.That((int)ExitCode.Unavailable, Is.EqualTo(69));
            Assert.That((int)ExitCode.OsError, Is.EqualTo(71));
            Assert.That((int)ExitCode.IoError, Is.EqualTo(74));
            Assert.That((int)ExitCode.TempFail, Is.EqualTo(75));
            Assert.That((int)ExitCode.NoPermission, Is.EqualTo(77));
        });
    }
}
