using Router.Silo.Storage;

namespace Router.Silo.Tests.Storage;

/// <summary>The storage contract on <see cref="MemoryGrainStorage"/>; the instance is the store, so every "new instance" is it.</summary>
public sealed class MemoryGrainStorageTests : GrainStorageTests
{
    private readonly MemoryGrainStorage _store = new();

    protected override IGrainStorage CreateStorage() => _store;
}
