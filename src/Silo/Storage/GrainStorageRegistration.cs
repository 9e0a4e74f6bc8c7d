namespace Router.Silo.Storage;

/// <summary>
/// Marks a grain storage provider registered under <paramref name="Name"/>. The silo enumerates these at start,
/// resolves the keyed <see cref="IGrainStorage"/> of each and initializes it.
/// </summary>
/// <param name="Name">The provider name, also the service key of its <see cref="IGrainStorage"/>.</param>
public sealed record GrainStorageRegistration(string Name);
