using System.Diagnostics;
using System.Globalization;
using SocketBench.Grade.Checks;
using SocketBench.Grade.Model;

namespace SocketBench.Grade.Running;

/// <summary>Runs the catalogue for one submission and collects results.json; one progress line per check on stderr.</summary>
internal sealed class Grader(GradeContext context, string? only, Action<string> progress)
{
    /// <summary>After this many checks of one side ran into their deadline, that side's later checks get <see cref="ShortDeadline"/>.</summary>
    private const int TimeoutsBeforeShortening = 2;

    private static readonly TimeSpan ShortDeadline = TimeSpan.FromSeconds(15);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _timeouts = new();

    /// <summary>
    /// Runs every check (each under its deadline) and returns the results in catalogue order. The
    /// spec tier's two sides share nothing (our clients against their server; their client against
    /// our server), so they run as two lanes at once; the faults and beyond tiers follow.
    /// </summary>
    public async Task<List<CheckResult>> RunAsync(IReadOnlyList<CheckDefinition> checks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new CheckResult[checks.Count];
        var all = Enumerable.Range(0, checks.Count).ToList();
        bool SpecSide(int i, string side) => checks[i].Tier == TierId.Spec && checks[i].Side == side;
        await Task.WhenAll(
            LaneAsync(checks, all.Where(i => SpecSide(i, Side.Server)), results, ct),
            LaneAsync(checks, all.Where(i => SpecSide(i, Side.Client)), results, ct)).ConfigureAwait(false);
        await LaneAsync(checks, all.Where(i => results[i] is null), results, ct).ConfigureAwait(false);
        return [.. results];
    }

    private async Task LaneAsync(IReadOnlyList<CheckDefinition> checks, IEnumerable<int> indices, CheckResult[] results, CancellationToken ct)
    {
        foreach (var i in indices.ToList())
        {
            var (result, ran) = await RunOneAsync(checks[i], ct).ConfigureAwait(false);
            results[i] = result;
            if (!ran)
            {
                continue; // skipped without running (--quick, --only, a missing side): on the card, not worth a line
            }

            progress(string.Create(CultureInfo.InvariantCulture, $"{result.Status,-4} {result.Id} ({result.DurationMs} ms): {result.Summary}"));
        }
    }

    private async Task<(CheckResult Result, bool Ran)> RunOneAsync(CheckDefinition check, CancellationToken ct)
    {
        var probe = new Probe(context);
        var clock = Stopwatch.StartNew();
        CheckOutcome outcome;
        var skipped = SkipReason(check);
        if (skipped is not null)
        {
            outcome = CheckOutcome.Skip(skipped);
        }
        else
        {
            // A program that hangs costs each check its deadline; once it has done so twice, a shorter one.
            var limit = _timeouts.GetValueOrDefault(check.Side) >= TimeoutsBeforeShortening && check.Deadline > ShortDeadline ? ShortDeadline : check.Deadline;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(limit);
            try
            {
                outcome = await check.Run(probe, deadline.Token).ConfigureAwait(false);
            }
            catch (CheckFailedException e)
            {
                outcome = CheckOutcome.Fail(e.Message);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                _timeouts.AddOrUpdate(check.Side, 1, (_, n) => n + 1);
                outcome = CheckOutcome.Fail($"did not finish within its {limit.TotalSeconds:0} s deadline (its programs were killed){(limit < check.Deadline ? "; shortened after earlier checks hung" : "")}");
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException or TimeoutException or HttpRequestException)
            {
                probe.Add("error", $"{e.GetType().Name}: {e.Message}");
                outcome = CheckOutcome.Fail($"the check could not complete: {e.Message}");
            }
        }

        var result = new CheckResult
        {
            Id = check.Id,
            Tier = check.Tier,
            Side = check.Side,
            Status = outcome.Status,
            Spec = check.Spec,
            Summary = outcome.Summary,
            Evidence = probe.Evidence,
            DurationMs = (long)clock.Elapsed.TotalMilliseconds,
        };
        return (result, skipped is null);
    }

    private string? SkipReason(CheckDefinition check)
    {
        var sub = context.Submission;
        if (context.Quick && (!check.InQuick || check.Tier != TierId.Spec))
        {
            return "not run with --quick";
        }

        if (only is not null && check.Side != Side.Both && check.Side != only)
        {
            return $"--only {only}";
        }

        return check.Side switch
        {
            Side.Server when sub.Server is null => "no server in this submission",
            Side.Client when sub.Client is null => "no client in this submission",
            Side.Both when sub.Server is null && sub.Client is null => "no programs",
            _ => null,
        };
    }

    /// <summary>Tier verdicts from check results: fail when any failed, pass when any passed, else skipped.</summary>
    public static List<TierResult> Tiers(IReadOnlyList<CheckResult> checks) =>
        [.. TierId.All.Select(id =>
        {
            var mine = checks.Where(c => c.Tier == id).ToList();
            var passed = mine.Count(c => c.Status == CheckStatus.Pass);
            var failed = mine.Count(c => c.Status == CheckStatus.Fail);
            return new TierResult
            {
                Id = id,
                Verdict = failed > 0 ? Verdict.Fail : passed > 0 ? Verdict.Pass : Verdict.Skipped,
                Passed = passed,
                Failed = failed,
                Skipped = mine.Count(c => c.Status == CheckStatus.Skip),
            };
        })];
}
