using ScottPlot;
using SkiaSharp;
using SocketBench.Load.Reporting;

namespace SocketBench.Load.Tests.Reporting;

/// <summary>
/// Issue 11: latency.png draws scenarios 1-2 as a per-client timeline. These read the written PNG's
/// pixels where each client's stretches must be (the plot's own coordinate-to-pixel mapping of the
/// render), so a timeline drawn empty, in swapped colours or with clients in the wrong rows fails.
/// </summary>
[TestFixture]
[Category("unit")]
public sealed class LatencyPlotTests
{
    private const int Backlog = 10;
    private const int Waiting = 2;
    private const int Clients = Backlog + 1 + Waiting;

    /// <summary>Scenario 2: the B+1 queued clients served in order after the slow client; the waiting ones connect on the SYN retransmit about 1 s later, then are served.</summary>
    [Test]
    public void Save_RecoveryTraces_DrawsTheQueueAndTheRetransmitLadder()
    {
        var (plot, image) = Render(ListenQueueTraces(judged: false));
        using var _ = image;

        for (var i = 0; i < Clients; i++)
        {
            var t = Trace(judged: false, i);
            if (i <= Backlog)
            {
                AssertStretch(plot, image, t.HandshakeS!.Value, t.ServedS!.Value, i, "blue", $"client {i} queued, then served");
                Assert.That(Hue(image, plot, (t.ServedS.Value + 1.0) / 2, i), Is.EqualTo("background"), $"client {i}: nothing after it was served");
            }
            else
            {
                AssertStretch(plot, image, t.ConnectS, t.HandshakeS!.Value, i, "orange", $"client {i} in SYN-SENT until the retransmit");
            }

            Assert.That(Hue(image, plot, t.ServedS!.Value, i), Is.EqualTo("green"), $"client {i}: the served mark");
        }
    }

    /// <summary>Scenario 1 stops at the judgement: the queued clients' stretches and the waiting ones' SYN-SENT both run to it, the last client's too.</summary>
    [Test]
    public void Save_CapacityTraces_DrawsQueuedAndWaitingUntilTheJudgement()
    {
        var (plot, image) = Render(ListenQueueTraces(judged: true));
        using var _ = image;
        var end = Judgement;

        for (var i = 0; i < Clients; i++)
        {
            var t = Trace(judged: true, i);
            var hue = i <= Backlog ? "blue" : "orange";
            AssertStretch(plot, image, t.HandshakeS ?? t.ConnectS, end, i, hue, $"client {i} {t.State} until the end");
        }
    }

    /// <summary>What the rows look like for a real run (scenarios 1 and 2 with B = 10, K = 2), one panel each.</summary>
    private static IReadOnlyList<ClientTrace> ListenQueueTraces(bool judged) => [.. Enumerable.Range(0, Clients).Select(i => Trace(judged, i))];

    /// <summary>Scenario 1's judgement, 122 ms after the last connect (as in a real run).</summary>
    private static double Judgement => ((Clients - 1) * 0.005) + 0.122;

    private static ClientTrace Trace(bool judged, int i)
    {
        var connect = i * 0.005;
        var queued = i <= Backlog;
        var handshake = queued ? connect + 0.0002 : connect + 1.02;
        var served = queued ? 0.15 + (i * 0.004) : handshake + 0.003;
        return judged
            ? new ClientTrace(i, queued ? "queued" : "waiting", connect, queued ? handshake : null, null, Judgement)
            : new ClientTrace(i, queued ? "queued" : "waiting", connect, handshake, served);
    }

    /// <summary>Writes latency.png for a run whose second scenario has the traces (so the timeline is not the first panel) and returns that panel's plot and the decoded image.</summary>
    private static (Plot Plot, SKBitmap Image) Render(IReadOnlyList<ClientTrace> traces)
    {
        var result = new RunResult("plot-test", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(12),
            [StatsFixtures.Scenario("3-closed"), StatsFixtures.Scenario("listen-queue") with { ClientTraces = traces }], []);
        var figure = LatencyPlot.Compose(result);
        var path = Path.Combine(Path.GetTempPath(), $"sb-load-plot-{Guid.NewGuid():N}.png");
        try
        {
            figure.Save(path);
            var image = SKBitmap.Decode(path);
            Assert.That(image.Height, Is.EqualTo(figure.Height));
            return (figure.Plots.GetPlots()[1], image);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The stretch is drawn in its row in the hue (checked at a quarter, half and three quarters, away from the marks at its ends) and not half a row above or below.</summary>
    private static void AssertStretch(Plot plot, SKBitmap image, double fromS, double toS, int row, string hue, string what)
    {
        Assert.That(plot.GetPixel(new Coordinates(toS, row)).X - plot.GetPixel(new Coordinates(fromS, row)).X, Is.GreaterThan(40), what + ": long enough to check");
        foreach (var f in new[] { 0.25, 0.5, 0.75 })
        {
            var x = fromS + (f * (toS - fromS));
            Assert.That(Hue(image, plot, x, row), Is.EqualTo(hue), $"{what}, at {f:P0}");
            Assert.That(Hue(image, plot, x, row - 0.5), Is.EqualTo("background"), $"{what}: between rows above, at {f:P0}");
            Assert.That(Hue(image, plot, x, row + 0.5), Is.EqualTo("background"), $"{what}: between rows below, at {f:P0}");
        }
    }

    /// <summary>Which colour dominates the pixel at a coordinate: the segments are drawn half transparent and antialiased, so only the dominant channel is compared.</summary>
    private static string Hue(SKBitmap image, Plot plot, double x, double y)
    {
        var p = plot.GetPixel(new Coordinates(x, y));
        var c = image.GetPixel((int)Math.Round(p.X), (int)Math.Round(p.Y));
        int r = c.Red, g = c.Green, b = c.Blue;
        return r - b > 60 && r > g ? "orange"
            : b - r > 30 && b > g ? "blue"
            : g - Math.Max(r, b) > 40 ? "green"
            : Math.Min(r, Math.Min(g, b)) > 200 && Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) < 25 ? "background"
            : $"other {c}";
    }
}
