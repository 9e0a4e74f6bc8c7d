using System.Reflection;

namespace Router.Silo.Activation;

/// <summary>An assembly whose grain classes the silo hosts, registered with <c>AddGrains</c>.</summary>
/// <param name="Assembly">The assembly.</param>
internal sealed record GrainAssemblyRegistration(Assembly Assembly);
