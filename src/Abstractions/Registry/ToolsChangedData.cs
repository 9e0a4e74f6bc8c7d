namespace Router.Abstractions.Registry;

/// <summary>The data of a <c>tools.changed</c> event.</summary>
/// <param name="OldHash">The previous tools hash.</param>
/// <param name="NewHash">The new tools hash.</param>
/// <param name="Tools">The new tools.</param>
public sealed record ToolsChangedData(string OldHash, string NewHash, IReadOnlyList<ToolDescriptor> Tools);
