using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

internal interface IWorkerGrain : IGrainWithStringKey
{
    Task<Guid> WhoAmIAsync();

    Task<Guid> BlockAsync(string gate);
}

[StatelessWorker(2)]
internal sealed class WorkerGrain(GrainProbe probe) : ProbedGrain(probe), IWorkerGrain
{
    private readonly Guid _instance = Guid.NewGuid();

    public Task<Guid> WhoAmIAsync() => Task.FromResult(_instance);

    public async Task<Guid> BlockAsync(string gate)
    {
        Probe.Mark($"{GetPrimaryKeyString()}:started:{gate}");
        await Probe.WaitGateAsync(gate);
        return _instance;
    }
}
