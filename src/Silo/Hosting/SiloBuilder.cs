using Microsoft.Extensions.DependencyInjection;

namespace Router.Silo.Hosting;

/// <summary>The builder <c>AddSilo</c> hands to its configuration callback.</summary>
internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;
}
