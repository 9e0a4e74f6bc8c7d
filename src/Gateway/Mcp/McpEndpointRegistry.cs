using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Router.Gateway.Mcp;

/// <summary>
/// The handlers of the session-bound MCP requests this node maps (Streamable HTTP POST, GET and DELETE, legacy SSE
/// message POST), by method and route pattern, so a request another node forwards here runs the same handler as on the
/// public endpoint. Filled while the endpoints are mapped; read after.
/// </summary>
internal sealed class McpEndpointRegistry
{
    private readonly List<(string Method, TemplateMatcher Matcher, RequestDelegate Handler)> _handlers = [];

    public void Add(string method, RoutePattern pattern, RequestDelegate handler)
    {
        lock (_handlers)
        {
            _handlers.Add((method, new TemplateMatcher(new RouteTemplate(pattern), []), handler));
        }
    }

    /// <summary>The handler of <paramref name="method"/> on <paramref name="path"/>, and the route values the path gives it.</summary>
    public bool TryMatch(string method, PathString path, out RequestDelegate handler, out RouteValueDictionary values)
    {
        lock (_handlers)
        {
            foreach (var (candidateMethod, matcher, candidate) in _handlers)
            {
                var matched = new RouteValueDictionary();
                if (HttpMethods.Equals(candidateMethod, method) && matcher.TryMatch(path, matched))
                {
                    handler = candidate;
                    values = matched;
                    return true;
                }
            }
        }

        handler = null!;
        values = [];
        return false;
    }
}
