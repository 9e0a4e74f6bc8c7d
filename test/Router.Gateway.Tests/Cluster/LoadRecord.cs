using System.Text.Json;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// One request of <see cref="ClusterLoad"/>: which node, what, when it started (since the load started), its answer
/// (status 0 when no answer came) and how long it took.
/// </summary>
internal sealed record LoadRecord(int Node, LoadKind Kind, TimeSpan At, int Status, TimeSpan Elapsed, string Body)
{
    public bool Succeeded => Status is 200 or 201 or 204;

    /// <summary>The <c>detail</c> of a problem details answer; null for anything else.</summary>
    public string? Detail
    {
        get
        {
            try
            {
                using var json = JsonDocument.Parse(Body);
                return json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() => $"node {Node} {Kind} at {At.TotalSeconds:0.000}s: {Status} in {Elapsed.TotalMilliseconds:0} ms";
}
