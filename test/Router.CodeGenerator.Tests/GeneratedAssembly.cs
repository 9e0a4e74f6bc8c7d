using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Router.CodeGenerator.Tests;

/// <summary>Emits a compilation and loads it into its own collectible load context.</summary>
internal static class GeneratedAssembly
{
    /// <summary>Emits <paramref name="compilation"/> to memory and loads it; Router.Abstractions stays shared with the test.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        image.Position = 0;

        // No Load override: references such as Router.Abstractions resolve from the default context, so the
        // loaded code and the test share GrainInterfaceRegistry and the invocation types.
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        return context.LoadFromStream(image);
    }

    /// <summary>Emits <paramref name="compilation"/> to memory and returns it as a metadata reference.</summary>
    public static MetadataReference ToReference(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
