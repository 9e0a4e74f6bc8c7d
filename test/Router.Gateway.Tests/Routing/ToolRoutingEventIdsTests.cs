using System.Reflection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Diagnostics;
using Router.Gateway.Routing;

namespace Router.Gateway.Tests.Routing;

public sealed class ToolRoutingEventIdsTests
{
    [Fact]
    public void RoutingEventIds_AreDistinctAndInTheirRange()
    {
        var ids = typeof(GatewayEventIds.Routing).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (int)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 3400, 3499));
    }

    [Fact]
    public void RoutingLogMessages_UseTheListedIdWithItsName()
    {
        var listed = typeof(GatewayEventIds.Routing).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        var messages = typeof(ToolRoutingLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(listed[m.EventName!], m.EventId));
        Assert.Equal(messages.Count, messages.Select(m => m.EventId).Distinct().Count());
    }
}
