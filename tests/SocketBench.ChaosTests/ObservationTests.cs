using System.Text;
using NUnit.Framework;

namespace SocketBench.ChaosTests;

/// <summary>
/// Issue 11: an undetectable-loss verdict must not be the harness's own doing. A client that exited 0
/// with a strict prefix on the server's stdout is undetectable loss only when the server held no
/// connection when the harness deleted the proxy; otherwise the harness may have cut the bytes.
/// </summary>
[TestFixture]
[Category("unit")]
public sealed class ObservationTests
{
    private static readonly byte[] Input = Encoding.ASCII.GetBytes("0123456789");

    [Test]
    public void Classify_PrefixAfterTheServerWentQuiet_IsUndetectableLoss() =>
        Assert.That(Observed(Input[..4], serverWentQuiet: true).Classify(), Is.EqualTo(Outcome.UndetectableLoss));

    [Test]
    public void Classify_PrefixWhileTheServerStillHeldTheConnection_IsBrokenNotLoss() =>
        Assert.That(Observed(Input[..4], serverWentQuiet: false).Classify(), Is.EqualTo(Outcome.Broken));

    [Test]
    public void Classify_WholeOutput_IsDeliveredWhateverTheCut() =>
        Assert.That(Observed(Input, serverWentQuiet: false).Classify(), Is.EqualTo(Outcome.Delivered));

    private static Observation Observed(byte[] output, bool serverWentQuiet) =>
        new(ExitCode: 0, Attempts: 1, PartialSends: 0, Input, output, ServerSurvived: true, ClientStderr: "", serverWentQuiet);
}
