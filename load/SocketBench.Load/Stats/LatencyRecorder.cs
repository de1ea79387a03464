using HdrHistogram;

namespace SocketBench.Load.Stats;

/// <summary>
/// Many writers, one reader: values in microseconds go into an HdrHistogram <see cref="Recorder"/>
/// whose active histogram is a <see cref="LongConcurrentHistogram"/> (atomic counts: copies record
/// from many threads at once, and a plain <c>LongHistogram</c> loses increments there); the reader
/// takes interval snapshots (the recorder's writer-reader phaser swaps histograms without losing a
/// write) and folds them into a cumulative histogram. Values are clamped to [1, 10 min] before
/// recording (NBomber #695).
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Recorder _recorder = new(1, LoadConstants.HighestMicroseconds, LoadConstants.SignificantDigits, Create);
    private HistogramBase? _interval;

    public LatencyRecorder()
    {
        Total = new LongHistogram(1, LoadConstants.HighestMicroseconds, LoadConstants.SignificantDigits);
    }

    /// <summary>Gets everything recorded up to the last <see cref="TakeInterval"/> (reader side only).</summary>
    public HistogramBase Total { get; }

    /// <summary>Records one value; safe from any number of threads at once.</summary>
    public void Record(long microseconds) => _recorder.RecordValue(Clamp(microseconds));

    public static long Clamp(long microseconds) => Math.Clamp(microseconds, 1, LoadConstants.HighestMicroseconds);

    /// <summary>Takes what was recorded since the previous call and adds it to <see cref="Total"/>. Reader side only.</summary>
    public HistogramBase TakeInterval()
    {
        _interval = _recorder.GetIntervalHistogram(_interval);
        if (_interval.TotalCount > 0)
        {
            // Adding walks every bucket (about 20 000, each read under the concurrent histogram's lock):
            // skip it for the recorders a scenario leaves empty (failures, the closed model's dispatch lag).
            Total.Add(_interval);
        }

        return _interval;
    }

    private static LongConcurrentHistogram Create(long id, long lowest, long highest, int digits) => new(id, lowest, highest, digits);
}
