namespace SocketBench.ChaosTests;

/// <summary>What one faulty client run left: enough to classify it and to explain a failure.</summary>
/// <param name="ServerWentQuiet">The server held no connection when the harness deleted the proxy: what it printed was final, the harness cut nothing.</param>
/// <param name="ClientHasExtensions">The client speaks our extensions: a detected failure must be exit 74 or 75 (else any non-zero exit with a message).</param>
public sealed record Observation(int? ExitCode, long Attempts, long PartialSends, byte[] Input, byte[] ClientOutput, bool ServerSurvived, string ClientStderr, bool ServerWentQuiet = true, bool ClientHasExtensions = true)
{
    /// <summary>Classifies this observation (a missing probe, a non-prefix output, or loss the harness may have caused is <see cref="Outcome.Broken"/>).</summary>
    public Outcome Classify()
    {
        if (!ServerSurvived || !IsPrefix(ClientOutput, Input))
        {
            return Outcome.Broken;
        }

        var whole = ClientOutput.Length == Input.Length;
        var errorLine = ClientStderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(l => !l.Contains("sent=", StringComparison.Ordinal) && !l.Contains("retry", StringComparison.Ordinal));
        return ExitCode switch
        {
            0 when whole => Attempts > 1 ? Outcome.Recovered : Outcome.Delivered,
            0 when ServerWentQuiet => Outcome.UndetectableLoss,
            0 => Outcome.Broken,
            74 or 75 when errorLine => Outcome.DetectedFailure,
            not null when !ClientHasExtensions && errorLine => Outcome.DetectedFailure,
            _ => Outcome.Broken,
        };
    }

    public string Describe() =>
        $"exit={ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} attempts={Attempts} partial_sends={PartialSends} " +
        $"output={ClientOutput.Length}/{Input.Length} bytes prefix={IsPrefix(ClientOutput, Input)} server_survived={ServerSurvived} server_quiet_before_cut={ServerWentQuiet}";

    private static bool IsPrefix(byte[] output, byte[] input) =>
        output.Length <= input.Length && input.AsSpan(0, output.Length).SequenceEqual(output);
}
