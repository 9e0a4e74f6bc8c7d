using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

internal interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, bool interleave, bool keepAlive);

    Task StopTimerAsync();

    Task<int> GetTicksAsync();

    Task<int> GetMaxConcurrencyAsync();

    Task BlockAsync(string gate);
}

internal sealed class TimerGrain(GrainProbe probe) : ProbedGrain(probe), ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, bool interleave, bool keepAlive)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(dueTime, period) { Interleave = interleave, KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task StopTimerAsync()
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(MaxConcurrency);

    public async Task BlockAsync(string gate)
    {
        Enter();
        Probe.Mark($"{GetPrimaryKeyString()}:started:{gate}");
        await Probe.WaitGateAsync(gate);
        Exit();
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        Enter();
        var onContext = SynchronizationContext.Current is Router.Silo.Activation.ActivationSynchronizationContext;
        await Task.Yield();
        _ticks++;
        Probe.Mark($"{GetPrimaryKeyString()}:tick");
        if (onContext && SynchronizationContext.Current is Router.Silo.Activation.ActivationSynchronizationContext)
        {
            Probe.Mark($"{GetPrimaryKeyString()}:tick-on-context");
        }

        Exit();
    }
}
