using Microsoft.Extensions.DependencyInjection;

namespace Router.Silo.Hosting;

/// <summary>Configures a silo: grain assemblies, serializer contexts, storage providers.</summary>
public interface ISiloBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}
