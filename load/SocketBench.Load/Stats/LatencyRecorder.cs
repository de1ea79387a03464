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
    private long _writes;
    private long _taken;

    public LatencyRecorder()
    {
        Total = new LongHistogram(1, LoadConstants.HighestMicroseconds, LoadConstants.SignificantDigits);
    }

    /// <summary>Gets everything recorded up to the last <see cref="TakeInterval"/> (reader side only).</summary>
    public HistogramBase Total { get; }

    /// <summary>Records one value; safe from any number of threads at once.</summary>
    public void Record(long microseconds)
    {
        _recorder.RecordValue(Clamp(microseconds));
        Interlocked.Increment(ref _writes);
    }

    public static long Clamp(long microseconds) => Math.Clamp(microseconds, 1, LoadConstants.HighestMicroseconds);

    /// <summary>Takes what was recorded since the previous call and adds it to <see cref="Total"/>. Reader side only.</summary>
    public HistogramBase TakeInterval()
    {
        var writes = Volatile.Read(ref _writes);
        if (writes == _taken && _interval is { TotalCount: 0 })
        {
            // Nothing recorded since the last interval, which was empty too: the swap would only clear
            // ~20 000 buckets (the recorders a scenario never uses: failures, the closed model's lag).
            // A write racing this read is counted and taken at the next call.
            return _interval;
        }

        _taken = writes;
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
