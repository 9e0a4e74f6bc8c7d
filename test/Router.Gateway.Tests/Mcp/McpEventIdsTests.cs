using System.Reflection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Diagnostics;
using Router.Gateway.Mcp;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpEventIdsTests
{
    [Fact]
    public void McpHostingEventIds_AreDistinctAndInTheirRange()
    {
        var ids = typeof(GatewayEventIds.McpHosting).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (int)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 3300, 3399));
    }

    [Fact]
    public void McpLogMessages_UseTheListedIdWithItsName()
    {
        var listed = typeof(GatewayEventIds.McpHosting).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        var messages = typeof(McpLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(listed[m.EventName!], m.EventId));
        Assert.Equal(messages.Count, messages.Select(m => m.EventId).Distinct().Count());
    }
}
