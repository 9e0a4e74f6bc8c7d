namespace Router.CodeGenerator.Emitting;

/// <summary>Names the generated code uses: the runtime contract in Router.Abstractions, fully qualified.</summary>
internal static class KnownNames
{
    /// <summary>The namespace of every generated type.</summary>
    public const string Namespace = "RouterGenerated";

    /// <summary>The tool name and version written into <c>[GeneratedCode]</c>.</summary>
    public const string GeneratedCodeAttribute =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"Router.CodeGenerator\", \"1.0.0\")]";

    /// <summary>Hides generated types from IntelliSense.</summary>
    public const string EditorBrowsableNeverAttribute =
        "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

    /// <summary><c>Router.Abstractions.Grains.GrainId</c>.</summary>
    public const string GrainId = "global::Router.Abstractions.Grains.GrainId";

    /// <summary><c>Router.Abstractions.Invocation.IGrainCallInvoker</c>.</summary>
    public const string GrainCallInvoker = "global::Router.Abstractions.Invocation.IGrainCallInvoker";

    /// <summary><c>Router.Abstractions.Invocation.GrainReference</c>.</summary>
    public const string GrainReference = "global::Router.Abstractions.Invocation.GrainReference";

    /// <summary><c>Router.Abstractions.Invocation.IGrainRequest</c>, without type arguments.</summary>
    public const string GrainRequest = "global::Router.Abstractions.Invocation.IGrainRequest";

    /// <summary><c>Router.Abstractions.Invocation.GrainMethodDescriptor</c>.</summary>
    public const string GrainMethodDescriptor = "global::Router.Abstractions.Invocation.GrainMethodDescriptor";

    /// <summary><c>Router.Abstractions.Invocation.GrainMethodOptions</c>.</summary>
    public const string GrainMethodOptions = "global::Router.Abstractions.Invocation.GrainMethodOptions";

    /// <summary><c>Router.Abstractions.Invocation.GrainMethodInvoker</c>.</summary>
    public const string GrainMethodInvoker = "global::Router.Abstractions.Invocation.GrainMethodInvoker";

    /// <summary><c>Router.Abstractions.Invocation.GrainInterfaceRegistry</c>.</summary>
    public const string GrainInterfaceRegistry = "global::Router.Abstractions.Invocation.GrainInterfaceRegistry";

    /// <summary><c>Router.Abstractions.Invocation.GrainArguments</c>.</summary>
    public const string GrainArguments = "global::Router.Abstractions.Invocation.GrainArguments";

    /// <summary><c>Router.Abstractions.Invocation.GrainRequestAwaiter</c>.</summary>
    public const string GrainRequestAwaiter = "global::Router.Abstractions.Invocation.GrainRequestAwaiter";

    /// <summary><c>Router.Abstractions.Invocation.NoResult</c>.</summary>
    public const string NoResult = "global::Router.Abstractions.Invocation.NoResult";

    /// <summary><c>System.Threading.Tasks.ValueTask</c>, without type arguments.</summary>
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";

    /// <summary><c>System.Text.Json.Utf8JsonWriter</c>.</summary>
    public const string Utf8JsonWriter = "global::System.Text.Json.Utf8JsonWriter";

    /// <summary><c>System.Text.Json.Utf8JsonReader</c>.</summary>
    public const string Utf8JsonReader = "global::System.Text.Json.Utf8JsonReader";

    /// <summary><c>System.Text.Json.JsonSerializerOptions</c>.</summary>
    public const string JsonSerializerOptions = "global::System.Text.Json.JsonSerializerOptions";

    /// <summary>The hint name of the file generated for <paramref name="identifier"/>.</summary>
    public static string HintName(string identifier) => Namespace + "." + identifier + ".g.cs";
}
