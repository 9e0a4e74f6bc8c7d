using System.Reflection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Cluster;
using Router.Gateway.Diagnostics;
using Router.Gateway.Mcp;
using Router.Gateway.Routing;

namespace Router.Gateway.Tests.Diagnostics;

/// <summary>The nested id lists of <see cref="GatewayEventIds"/> and the log classes that use them.</summary>
public sealed class NestedEventIdsTests
{
    public static TheoryData<Type, Type, int, int> Lists => new()
    {
        { typeof(GatewayEventIds.McpHosting), typeof(McpLog), 3300, 3399 },
        { typeof(GatewayEventIds.Routing), typeof(ToolRoutingLog), 3400, 3499 },
        { typeof(GatewayEventIds.SessionForwarding), typeof(McpForwardingLog), 3500, 3599 },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void EventIds_AreDistinctAndInTheirRange(Type list, Type log, int first, int last)
    {
        _ = log;
        var ids = Listed(list).Values.ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, first, last));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void LogMessages_UseTheListedIdWithItsName(Type list, Type log, int first, int last)
    {
        _ = (first, last);
        var listed = Listed(list);
        var messages = log.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(listed[m.EventName!], m.EventId));
        Assert.Equal(messages.Count, messages.Select(m => m.EventId).Distinct().Count());
    }

    private static Dictionary<string, int> Listed(Type list) =>
        list.GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
}
