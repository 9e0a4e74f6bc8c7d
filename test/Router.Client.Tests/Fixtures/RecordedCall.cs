using System.Text.Json;

namespace Router.Client.Tests.Fixtures;

/// <summary>One call the fake router received, with what it answered.</summary>
/// <param name="Kind">Which API it was.</param>
/// <param name="McpId">The server id in the path.</param>
/// <param name="InstanceId">The instance id: from the path, or the one a registration was given.</param>
/// <param name="Status">The status answered; -1 while a held request is still pending.</param>
/// <param name="Body">The JSON body, when there was one.</param>
/// <param name="Authorization">The Authorization header, when there was one.</param>
internal sealed record RecordedCall(
    RecordedCallKind Kind, string McpId, string? InstanceId, int Status, JsonElement? Body, string? Authorization);
