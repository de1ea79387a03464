using NUnit.Framework;
using SocketBench.Server;

namespace SocketBench.UnitTests.Server;

/// <summary>A client's message in concurrent mode: memory up to the bound, then an unlinked temporary file.</summary>
[TestFixture]
[Category("unit")]
public class SpoolTests
{
    [Test]
    public void Append_WithinTheBound_StaysInMemory()
    {
        using var spool = new Spool(memoryLimit: 1000);
        var message = Bytes(600, seed: 1);
        spool.Append(message.AsSpan(0, 250));
        spool.Append(message.AsSpan(250));

        Assert.That((spool.UsesFile, spool.Length, Written(spool, bufferSize: 64)), Is.EqualTo((false, 600L, message)));
    }

    [Test]
    public void Append_PastTheBound_RestGoesToAFileAndReadsBackInOrder()
    {
        using var spool = new Spool(memoryLimit: 100);
        var message = Bytes(70_000, seed: 2);
        for (var at = 0; at < message.Length; at += 333)
        {
            spool.Append(message.AsSpan(at, Math.Min(333, message.Length - at)));
        }

        Assert.That((spool.UsesFile, spool.Length, Written(spool, bufferSize: 4096)), Is.EqualTo((true, (long)message.Length, message)));
    }

    [Test]
    public void Append_ZeroBound_AlwaysAFileAndTheFileIsUnlinked()
    {
        using var spool = new Spool(memoryLimit: 0);
        var message = Bytes(10, seed: 3);
        spool.Append(message);

        var open = Directory.GetFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target?.Contains("socketbench-spool-", StringComparison.Ordinal) == true)
            .ToList();
        Assert.That(open, Is.Not.Empty.And.All.EndsWith("(deleted)"), "the spool file is open and already unlinked");
        Assert.That((spool.UsesFile, Written(spool, bufferSize: 3)), Is.EqualTo((true, message)));
    }

    [Test]
    public void WriteTo_Twice_WritesTheSameMessage()
    {
        using var spool = new Spool(memoryLimit: 8);
        var message = Bytes(50, seed: 4);
        spool.Append(message);
        Assert.That(Written(spool, bufferSize: 16), Is.EqualTo(Written(spool, bufferSize: 7)));
    }

    private static byte[] Written(Spool spool, int bufferSize)
    {
        var target = new Collector();
        spool.WriteTo(target, new byte[bufferSize]);
        return target.Bytes.ToArray();
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class Collector : IMessageTarget
    {
        public MemoryStream Bytes { get; } = new();

        public void Append(ReadOnlySpan<byte> bytes) => Bytes.Write(bytes);
    }
}
