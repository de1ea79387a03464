using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SocketBench.Toxiproxy.Api;

/// <summary>
/// The Prometheus process collector's metrics, read from <c>/proc/self</c> (Linux; elsewhere none):
/// <c>process_cpu_seconds_total</c>, <c>process_open_fds</c>, <c>process_max_fds</c>,
/// <c>process_resident_memory_bytes</c>, <c>process_virtual_memory_bytes</c>, <c>process_start_time_seconds</c>.
/// </summary>
internal static partial class ProcessMetrics
{
    private const int ScClockTicks = 2;

    /// <summary>Appends the metrics; writes nothing where <c>/proc/self/stat</c> cannot be read.</summary>
    public static void Write(StringBuilder sb)
    {
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/self/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // Fields after "(comm)" start at field 3 (state); comm may hold spaces, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double ticks = ClockTicks();
        var cpu = (Field(fields, 14) + Field(fields, 15)) / ticks;
        Metric(sb, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpu);
        Metric(sb, "process_open_fds", "gauge", "Number of open file descriptors.", Directory.GetFileSystemEntries("/proc/self/fd").Length);
        if (MaxOpenFiles() is { } max)
        {
            Metric(sb, "process_max_fds", "gauge", "Maximum number of open file descriptors.", max);
        }

        Metric(sb, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", Field(fields, 24) * (double)Environment.SystemPageSize);
        Metric(sb, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", Field(fields, 23));
        if (BootTime() is { } boot)
        {
            Metric(sb, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", boot + (Field(fields, 22) / ticks));
        }
    }

    /// <summary>Field <paramref name="number"/> of <c>/proc/PID/stat</c>, numbered as in proc(5).</summary>
    private static double Field(string[] fieldsFromState, int number) =>
        double.Parse(fieldsFromState[number - 3], NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static void Metric(StringBuilder sb, string name, string type, string help, double value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");

    private static long ClockTicks()
    {
        var ticks = SysConf(ScClockTicks);
        return ticks > 0 ? ticks : 100;
    }

    private static double? MaxOpenFiles()
    {
        foreach (var line in ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return double.TryParse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
            }
        }

        return null;
    }

    private static double? BootTime()
    {
        foreach (var line in ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
            {
                return double.Parse(line[6..], NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
