namespace SocketBench.Bench;

/// <summary>The names of the measures samples are recorded under (one place, shared by sections, targets and reports).</summary>
public static class Measures
{
    public const string TputDevNull = "tput/devnull";
    public const string TputPipe = "tput/pipe";
    public const string TputDevNullCpu = "tput/devnull-cpu";
    public const string TputPipeCpu = "tput/pipe-cpu";
    public const string Start = "start";
    public const string StartCpu = "start/cpu";
    public const string Rate = "rate";
    public const string RateServerCpu = "rate/server-cpu";
    public const string ClientRss = "rss/client";
    public const string ServerRss = "rss/server";
    public const string LoadRate = "load/rate";
    public const string LoadCpu = "load/cpu";
    public const string LoadOwnCpu = "load/own-cpu";
    public const string ProxyRate = "proxy/rate";
    public const string ProxyP50 = "proxy/p50";
    public const string ProxyTput = "proxy/tput";
}
