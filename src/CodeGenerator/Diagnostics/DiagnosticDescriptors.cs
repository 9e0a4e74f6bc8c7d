using Microsoft.CodeAnalysis;

namespace Router.CodeGenerator.Diagnostics;

/// <summary>The diagnostics the grain code generator reports. Ids are stable; never reuse a retired one.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Router.CodeGenerator";

    /// <summary>RTR0001: the grain interface is generic, or nested in a generic type.</summary>
    public static readonly DiagnosticDescriptor GenericInterface = new(
        id: "RTR0001",
        title: "Generic grain interfaces are not supported",
        messageFormat: "Grain interface '{0}' is generic or nested in a generic type; generic grain interfaces are not supported",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>RTR0002: a grain method has type parameters.</summary>
    public static readonly DiagnosticDescriptor GenericMethod = new(
        id: "RTR0002",
        title: "Generic grain methods are not supported",
        messageFormat: "Grain method '{0}' is generic; generic grain methods are not supported",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>RTR0003: a grain method does not return a task.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        id: "RTR0003",
        title: "Grain methods must return a task",
        messageFormat: "Grain method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>RTR0004: a grain method parameter cannot be sent as a value.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        id: "RTR0004",
        title: "Grain method parameters must be passed by value",
        messageFormat: "Parameter '{0}' of grain method '{1}' {2}; grain method parameters must be plain values (no ref, out, in, params, ref struct or pointer)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>RTR0005: a grain interface declares a member a reference cannot implement as a call.</summary>
    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        id: "RTR0005",
        title: "Grain interfaces may only declare methods",
        messageFormat: "Grain interface '{0}' declares {1} '{2}'; grain interfaces may only declare instance methods",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>RTR0006: generated code in the same assembly cannot see the grain interface.</summary>
    public static readonly DiagnosticDescriptor InaccessibleInterface = new(
        id: "RTR0006",
        title: "Grain interface is not accessible to generated code",
        messageFormat: "Grain interface '{0}' is not accessible to the generated reference; make it (and any type containing it) public or internal",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
