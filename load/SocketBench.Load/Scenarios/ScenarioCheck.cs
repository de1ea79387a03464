using System.Collections.Concurrent;
using SocketBench.Load.Stats;
using SocketBench.Load.Target;

namespace SocketBench.Load.Scenarios;

/// <summary>
/// What a scenario's clean-up measured, for its thresholds (checked after clean-up). Built with a
/// reason when the runner cannot measure them (--target): the checks then pass as "n/a: reason";
/// the probe still counts.
/// </summary>
internal sealed class ScenarioCheck(string? notApplicable = null)
{
    /// <summary>The reason kernel checks (the server's listening socket) do not apply with --target.</summary>
    public const string KernelNotApplicable = "--target: the server's listening socket is not the runner's";

    /// <summary>The reason exactly-once checks (the server's stdout) do not apply with --target.</summary>
    public const string StdoutNotApplicable = "--target: the runner does not read that server's stdout";

    /// <summary>Gets the check of a scenario's delivery: n/a with --target.</summary>
    public static ScenarioCheck ForDelivery(LoadOptions options) => new(options.Target is null ? null : StdoutNotApplicable);

    /// <summary>Gets a check of the server's kernel state (listening socket, process): n/a with --target.</summary>
    public static ScenarioCheck ForKernel(LoadOptions options) => new(options.Target is null ? null : KernelNotApplicable);

    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    public bool ProbeDelivered { get; set; }

    public DeliveryReport? Delivery { get; set; }

    public void Set(string key, double value) => _values[key] = value;

    public double Get(string key) => _values.TryGetValue(key, out var v) ? v : double.NaN;

    public Threshold Probe() => Threshold.Create("probe delivered whole", _ => ProbeDelivered, _ => ProbeDelivered ? "yes" : "no");

    public Threshold ExactlyOnce() =>
        Check("confirmed messages in the output exactly once, none duplicated or damaged", () => Delivery?.ExactlyOnce == true, () => Delivery?.ToString() ?? "not checked");

    public Threshold Expect(string label, string key, double expected) =>
        Check($"{label} == {expected}", () => Get(key).Equals(expected), () => Get(key).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Threshold AtLeast(string label, string key, double minimum) =>
        Check($"{label} >= {minimum}", () => Get(key) >= minimum, () => Get(key).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Any predicate on the final stats, n/a when this check does not apply.</summary>
    public Threshold Create(string label, Func<ScenarioStats, bool> passed, Func<ScenarioStats, string> actual) =>
        new(label, s => notApplicable is null ? new ThresholdCheck(passed(s), actual(s)) : new ThresholdCheck(true, "n/a: " + notApplicable));

    private Threshold Check(string label, Func<bool> passed, Func<string> actual) => Create(label, _ => passed(), _ => actual());
}
