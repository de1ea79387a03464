namespace SocketBench.Server;

/// <summary>
/// Concurrent mode (DESIGN.md section 3a): a slot per client, accept only while a slot is free
/// (clients beyond N wait in the listen queue), one thread per served client running a
/// <see cref="SpooledSession"/>. At shutdown the loop stops accepting and waits for every slot
/// to come back (the grace timer cuts what is still unfinished).
/// </summary>
internal sealed partial class MessageServer
{
    private readonly Lock _stdoutGate = new();
    private StdoutFailedException? _stdoutFailure;

    private ExitCode ProcessConcurrentAccepts()
    {
        using var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var session = new SpooledSession(_options, _stdout, _stdoutGate, _time);
        var exit = ExitCode.Ok;
        while (!_shutdown.IsRequested && WaitForSlot(slots))
        {
            var (client, code) = DoAccept();
            if (client is null)
            {
                slots.Release();
                if (code is { } c)
                {
                    exit = c;
                    break;
                }

                continue;
            }

            var worker = new Thread(static s => ((Worker)s!).Run(), ServerConstants.WorkerStackSize) { IsBackground = true, Name = "client" };
            worker.Start(new Worker(this, session, Begin(client), slots));
        }

        // Every slot back means every client has been written, reported or discarded.
        for (var i = 0; i < _options.Concurrency; i++)
        {
            slots.Wait();
        }

        return Volatile.Read(ref _stdoutFailure) is { } failure ? throw failure : exit;
    }

    /// <summary>Waits for a free slot; false when a shutdown or a dead stdout ends the loop first.</summary>
    private bool WaitForSlot(SemaphoreSlim slots)
    {
        try
        {
            slots.Wait(_shutdown.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>stdout is gone: record it, stop accepting and cut every client; the loop then exits 74.</summary>
    private void OnStdoutFailed(StdoutFailedException e)
    {
        if (Interlocked.CompareExchange(ref _stdoutFailure, e, null) is null)
        {
            _shutdown.Request();
            CutAll(announce: false);
        }
    }

    /// <summary>One served client on its own thread; gives its slot back however it ends.</summary>
    private sealed class Worker(MessageServer server, SpooledSession session, ServedClient client, SemaphoreSlim slots)
    {
        public void Run()
        {
            var written = false;
            try
            {
                if (Volatile.Read(ref server._stdoutFailure) is null)
                {
                    session.Serve(client);
                    written = true;
                }
            }
            catch (StdoutFailedException e)
            {
                // Reset this client before the others are cut: its bytes did not reach stdout.
                server.End(client, abort: true);
                server.OnStdoutFailed(e);
            }
            finally
            {
                server.End(client, abort: !written);
                slots.Release();
            }
        }
    }
}
