namespace Router.Abstractions.Routing;

/// <summary>The server-to-client requests an agent session answers (its client capabilities).</summary>
[Flags]
public enum McpAgentFeatures
{
    /// <summary>None: the agent answers no server-to-client requests.</summary>
    None = 0,

    /// <summary><c>sampling/createMessage</c>.</summary>
    Sampling = 1,

    /// <summary><c>elicitation/create</c>.</summary>
    Elicitation = 2,

    /// <summary><c>roots/list</c>.</summary>
    Roots = 4,
}
