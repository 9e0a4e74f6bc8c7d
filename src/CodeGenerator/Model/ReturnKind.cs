namespace Router.CodeGenerator.Model;

/// <summary>The shape of a grain method's return type, which decides how its result is adapted.</summary>
internal enum ReturnKind
{
    /// <summary><c>Task</c>: no result.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary><c>ValueTask</c>: no result.</summary>
    ValueTask,

    /// <summary><c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,
}
