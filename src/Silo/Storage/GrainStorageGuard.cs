using Router.Abstractions.Grains;

namespace Router.Silo.Storage;

/// <summary>Argument checks every provider applies before touching its store.</summary>
internal static class GrainStorageGuard
{
    public static void ThrowIfInvalid(GrainId grainId, string stateName)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is the default (empty) id.", nameof(grainId));
        }

        ArgumentException.ThrowIfNullOrEmpty(stateName);
    }
}
