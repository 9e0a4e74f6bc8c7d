namespace Router.Abstractions.Grains;

/// <summary>Creates references to grains. A reference is cheap; the grain is activated by the first call.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.</summary>
    /// <exception cref="InvalidOperationException">No grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;
}
