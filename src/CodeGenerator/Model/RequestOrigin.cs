namespace Router.CodeGenerator.Model;

/// <summary>
/// Where the request struct of a method comes from, seen from the grain interface whose reference calls it.
/// Decides which generated file emits the struct and which registration call registers its invoker.
/// </summary>
internal enum RequestOrigin
{
    /// <summary>The interface being generated declares the method: its file emits and registers the request.</summary>
    Declared,

    /// <summary>
    /// A base grain interface in the same compilation declares the method: that interface's own file emits
    /// and registers the request.
    /// </summary>
    Inherited,

    /// <summary>
    /// An interface this compilation does not generate for (a referenced assembly's interface, or a base
    /// interface that is not a grain interface) declares the method: the request is emitted once per
    /// compilation and registered with the first grain interface that needs it.
    /// </summary>
    Shared,

    /// <summary>
    /// A referenced assembly already generated the request and lets this compilation see it (through
    /// <c>InternalsVisibleTo</c>): the reference uses that struct, and that assembly registers it.
    /// </summary>
    Imported,
}
