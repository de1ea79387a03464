using SocketBench.Toxiproxy.Api;
using SocketBench.Toxiproxy.Stream;
using SocketBench.Toxiproxy.Toxics;

namespace SocketBench.Toxiproxy;

/// <summary>
/// A proxy's toxics per direction plus its live connections (cf. Toxiproxy's <c>toxic_collection.go</c>).
/// <code>
///   API ──Add/Update/Remove──▶ lists (source of truth) ──▶ every live link of that direction
///   new connection ──snapshot under the same lock──▶ its links start with the current toxics
/// </code>
/// Registering a connection and changing a list happen under one lock, so no connection misses a
/// change. Live links apply changes asynchronously; the API waits for them at most
/// <see cref="ToxiproxyConstants.LinkChangeTimeout"/>.
/// </summary>
internal sealed class ToxicCollection
{
    private readonly Lock gate = new();
    private readonly List<Toxic> upstream = [];
    private readonly List<Toxic> downstream = [];
    private readonly HashSet<ProxyConnection> connections = [];
    private readonly TimeProvider time;

    /// <summary>Creates an empty collection.</summary>
    public ToxicCollection(TimeProvider time) => this.time = time;

    /// <summary>Live connections (a snapshot).</summary>
    public ProxyConnection[] Connections
    {
        get
        {
            lock (gate)
            {
                return [.. connections];
            }
        }
    }

    /// <summary>All toxics: upstream first, then downstream, each in insertion order.</summary>
    public Toxic[] All()
    {
        lock (gate)
        {
            return [.. upstream, .. downstream];
        }
    }

    /// <summary>Finds a toxic by name in either direction.</summary>
    public Toxic? Find(string name)
    {
        lock (gate)
        {
            return FindLocked(name);
        }
    }

    /// <summary>Adds a toxic and applies it to live links. Throws 409 if the name is taken.</summary>
    public Task AddAsync(Toxic toxic)
    {
        ToxicLink[] links;
        lock (gate)
        {
            if (FindLocked(toxic.Name) is not null)
            {
                throw ApiErrors.ToxicAlreadyExists();
            }

            List(toxic.Settings.Direction).Add(toxic);
            links = LinksLocked(toxic.Settings.Direction);
        }

        return ApplyAsync(links, link => link.AddToxicAsync(toxic));
    }

    /// <summary>Replaces a toxic with new settings (same name and direction). Throws 404 if absent.</summary>
    public Task UpdateAsync(Toxic toxic)
    {
        ToxicLink[] links;
        lock (gate)
        {
            var list = List(toxic.Settings.Direction);
            var index = list.FindIndex(t => t.Name == toxic.Name);
            if (index < 0)
            {
                throw ApiErrors.ToxicNotFound();
            }

            list[index] = toxic;
            links = LinksLocked(toxic.Settings.Direction);
        }

        return ApplyAsync(links, link => link.UpdateToxicAsync(toxic));
    }

    /// <summary>Removes a toxic. Throws 404 if absent.</summary>
    public Task RemoveAsync(string name)
    {
        ToxicLink[] links;
        lock (gate)
        {
            var toxic = FindLocked(name) ?? throw ApiErrors.ToxicNotFound();
            List(toxic.Settings.Direction).Remove(toxic);
            links = LinksLocked(toxic.Settings.Direction);
        }

        return ApplyAsync(links, link => link.RemoveToxicAsync(name));
    }

    /// <summary>Removes every toxic.</summary>
    public async Task RemoveAllAsync()
    {
        foreach (var toxic in All())
        {
            try
            {
                await RemoveAsync(toxic.Name).ConfigureAwait(false);
            }
            catch (ApiException)
            {
                // removed concurrently
            }
        }
    }

    /// <summary>
    /// Registers a new connection and gives it the current toxics, atomically (so it misses no change),
    /// then starts its readers outside the lock.
    /// </summary>
    public void StartConnection(ProxyConnection connection)
    {
        lock (gate)
        {
            connections.Add(connection);
            connection.Prepare(upstream.Count == 0 ? [] : [.. upstream], downstream.Count == 0 ? [] : [.. downstream]);
        }

        connection.Run();
    }

    /// <summary>Forgets a finished connection.</summary>
    public void RemoveConnection(ProxyConnection connection)
    {
        lock (gate)
        {
            connections.Remove(connection);
        }
    }

    private async Task ApplyAsync(ToxicLink[] links, Func<ToxicLink, Task> change)
    {
        if (links.Length == 0)
        {
            return;
        }

        var all = Task.WhenAll(links.Select(change));
        try
        {
            await all.WaitAsync(ToxiproxyConstants.LinkChangeTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a link is blocked on a peer that does not read; it applies the change when it can
        }
    }

    private Toxic? FindLocked(string name) =>
        upstream.Find(t => t.Name == name) ?? downstream.Find(t => t.Name == name);

    private List<Toxic> List(Direction direction) => direction == Direction.Upstream ? upstream : downstream;

    private ToxicLink[] LinksLocked(Direction direction) => [.. connections.Select(c => c.Link(direction))];
}
