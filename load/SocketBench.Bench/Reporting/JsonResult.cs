using System.Text.Json;
using SocketBench.Bench.Stats;

namespace SocketBench.Bench.Reporting;

/// <summary>The run as JSON (schema 1) beside the Markdown, so two runs can be compared (<c>bench compare</c>).</summary>
public static class JsonResult
{
    public const int Schema = 1;

    public static void Write(BenchResult result, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("schema", Schema);
        w.WriteString("started", result.Started);
        w.WriteNumber("elapsed_s", Math.Round(result.Elapsed.TotalSeconds, 1));
        w.WriteNumber("rounds", result.Options.Rounds);
        w.WriteNumber("throughput_bytes", result.Options.ThroughputBytes);
        w.WriteStartObject("machine");
        foreach (var (k, v) in result.Machine)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
        w.WriteStartArray("failures");
        foreach (var f in result.Failures)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteStartArray("targets");
        foreach (var t in result.Targets)
        {
            WriteTarget(w, t);
        }

        w.WriteEndArray();
        w.WriteStartArray("samples");
        foreach (var s in result.Samples)
        {
            w.WriteStartObject();
            w.WriteString("measure", s.Measure);
            w.WriteString("subject", s.Subject);
            w.WriteNumber("round", s.Round);
            w.WriteNumber("value", Math.Round(s.Value, 6));
            w.WriteString("unit", s.Unit);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The targets of a results file: id, estimate, threshold, better, kind and verdict.</summary>
    public static IReadOnlyList<(string Id, double Estimate, double Threshold, Better Better, TargetKind Kind, string Verdict)> ReadTargets(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!doc.RootElement.TryGetProperty("schema", out var schema) || schema.GetInt32() != Schema)
        {
            throw new InvalidDataException($"{path}: not a bench results file of schema {Schema}");
        }

        return [.. doc.RootElement.GetProperty("targets").EnumerateArray().Select(t => (
            t.GetProperty("id").GetString()!,
            Number(t, "estimate"),
            t.GetProperty("threshold").GetDouble(),
            Enum.Parse<Better>(t.GetProperty("better").GetString()!, ignoreCase: true),
            Enum.Parse<TargetKind>(t.GetProperty("kind").GetString()!, ignoreCase: true),
            t.GetProperty("verdict").GetString()!))];
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    private static void WriteTarget(Utf8JsonWriter w, TargetResult t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Target.Id);
        w.WriteString("title", t.Target.Title);
        w.WriteString("kind", t.Target.Kind.ToString().ToLowerInvariant());
        w.WriteNumber("threshold", t.Target.Threshold);
        w.WriteString("better", t.Target.Better.ToString().ToLowerInvariant());
        w.WriteString("unit", t.Target.Unit);
        WriteFinite(w, "estimate", t.Interval.Estimate);
        WriteFinite(w, "low", t.Interval.Low);
        WriteFinite(w, "high", t.Interval.High);
        w.WriteNumber("rounds", t.Interval.Rounds);
        w.WriteString("verdict", Text(t.Verdict));
        w.WriteEndObject();
    }

    private static void WriteFinite(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static string Text(Verdict v) => v switch
    {
        Verdict.Met => "met",
        Verdict.Missed => "missed",
        Verdict.Inconclusive => "inconclusive",
        _ => "not measured",
    };
}
