using System.Threading.Channels;
using SocketBench.Toxiproxy.Logging;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy.Tests.Support;

/// <summary>Runs one toxic's stub between two channels, without sockets (Toxiproxy's stub-level tests).</summary>
internal sealed class StubHarness : IStubHost, IDisposable
{
    private readonly CancellationTokenSource lifetime = new();

    public StubHarness(Toxic toxic, TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Context = new LinkContext(Time, ToxiproxyLog.Null, 1);
        Input = Channel.CreateUnbounded<StreamChunk>();
        Output = Channel.CreateUnbounded<StreamChunk>();
        Stub = new ToxicStub(toxic, Input.Reader, Output.Writer, this);
    }

    public Channel<StreamChunk> Input { get; }

    public Channel<StreamChunk> Output { get; }

    public ToxicStub Stub { get; }

    public TimeProvider Time { get; }

    public LinkContext Context { get; }

    public CancellationToken Lifetime => lifetime.Token;

    public int ConnectionCloses { get; private set; }

    public int ConnectionResets { get; private set; }

    public void CloseConnection() => ConnectionCloses++;

    public void ResetConnection() => ConnectionResets++;

    public int CloseRequests { get; private set; }

    public void RequestClose() => CloseRequests++;

    public static Toxic Create(string type, params long[] attributes)
    {
        ToxicRegistry.TryGet(type, out var definition);
        var values = new long[definition.Attributes.Count];
        attributes.CopyTo(values, 0);
        return definition.Create(new ToxicSettings(type, type, "downstream", Direction.Downstream, 1, values));
    }

    public void Send(int length, byte fill = 1) =>
        Input.Writer.TryWrite(StreamChunk.Copy(Enumerable.Repeat(fill, length).ToArray(), Time.GetTimestamp()));

    public void Send(byte[] data) => Input.Writer.TryWrite(StreamChunk.Copy(data, Time.GetTimestamp()));

    /// <summary>Reads output chunks until the output completes.</summary>
    public async Task<List<byte[]>> ReadAllAsync(TimeSpan limit)
    {
        var chunks = new List<byte[]>();
        using var cts = new CancellationTokenSource(limit);
        await foreach (var chunk in Output.Reader.ReadAllAsync(cts.Token))
        {
            chunks.Add(chunk.Memory.ToArray());
        }

        return chunks;
    }

    /// <summary>Waits for the next output chunk.</summary>
    public async Task<byte[]> ReadOneAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        return (await Output.Reader.ReadAsync(cts.Token)).Memory.ToArray();
    }

    /// <summary>Reads what is available now (after the stub has had time to process).</summary>
    public List<byte[]> Drain()
    {
        var chunks = new List<byte[]>();
        while (Output.Reader.TryRead(out var chunk))
        {
            chunks.Add(chunk.Memory.ToArray());
        }

        return chunks;
    }

    public void Dispose() => lifetime.Cancel();
}
