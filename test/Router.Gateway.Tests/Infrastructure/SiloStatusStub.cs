using Router.Silo.Hosting;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>A silo status with fixed answers, for what reads a silo's status (health checks, error answers).</summary>
internal sealed class SiloStatusStub(bool running = true, bool serving = true, Func<CancellationToken, Task>? checkStorage = null) : ISiloStatus
{
    public bool IsRunning => running;

    public bool IsServing => serving;

    public event Action<IReadOnlyList<string>>? SilosDeclaredDead
    {
        add { }
        remove { }
    }

    public Task CheckStorageAsync(CancellationToken cancellationToken = default) => checkStorage?.Invoke(cancellationToken) ?? Task.CompletedTask;
}
