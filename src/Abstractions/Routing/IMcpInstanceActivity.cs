using Router.Abstractions.Grains;

namespace Router.Abstractions.Routing;

/// <summary>
/// Node-local: told when an <see cref="IMcpInstanceGrain"/> activates and deactivates on this node, so that registry
/// changes are pushed to the instances that are active here, and never wake one that is not.
/// </summary>
public interface IMcpInstanceActivity
{
    /// <summary>The instance of <paramref name="key"/> activated on this node.</summary>
    void Activated(McpVersionKey key);

    /// <summary>The instance of <paramref name="key"/> deactivated on this node.</summary>
    void Deactivated(McpVersionKey key);
}
