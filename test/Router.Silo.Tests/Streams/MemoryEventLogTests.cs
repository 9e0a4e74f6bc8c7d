using Router.Silo.Storage;

namespace Router.Silo.Tests.Streams;

/// <summary>The event log contract on <see cref="MemoryGrainStorage"/>; the instance is the store, so every "new instance" is it.</summary>
public sealed class MemoryEventLogTests : EventLogTests
{
    private readonly MemoryGrainStorage _store = new();

    protected override IGrainStorage CreateStorage() => _store;
}
