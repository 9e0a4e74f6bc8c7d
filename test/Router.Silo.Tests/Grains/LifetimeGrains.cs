using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

internal interface IIdleGrain : IGrainWithStringKey
{
    Task PingAsync();

    Task PinAsync();

    Task UnpinAsync();

    Task DelayDeactivationAsync(TimeSpan span);
}

internal interface IShortLivedGrain : IGrainWithStringKey
{
    Task PingAsync();
}

internal interface IImmortalGrain : IGrainWithStringKey
{
    Task PingAsync();
}

internal sealed class IdleGrain(GrainProbe probe) : ProbedGrain(probe), IIdleGrain
{
    private IDisposable? _pin;

    public Task PingAsync() => Task.CompletedTask;

    public Task PinAsync()
    {
        _pin ??= Pin();
        return Task.CompletedTask;
    }

    public Task UnpinAsync()
    {
        _pin?.Dispose();
        _pin = null;
        return Task.CompletedTask;
    }

    public Task DelayDeactivationAsync(TimeSpan span)
    {
        DelayDeactivation(span);
        return Task.CompletedTask;
    }
}

[CollectionAgeLimit(Minutes = 1)]
internal sealed class ShortLivedGrain(GrainProbe probe) : ProbedGrain(probe), IShortLivedGrain
{
    public Task PingAsync() => Task.CompletedTask;
}

[KeepAlive]
internal sealed class ImmortalGrain(GrainProbe probe) : ProbedGrain(probe), IImmortalGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
