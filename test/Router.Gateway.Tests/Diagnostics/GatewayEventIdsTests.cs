using System.Reflection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Diagnostics;

namespace Router.Gateway.Tests.Diagnostics;

public sealed class GatewayEventIdsTests
{
    [Fact]
    public void EventIds_AreDistinctAndInTheGatewayRange()
    {
        var ids = typeof(GatewayEventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (Name: f.Name, Id: (int)f.GetRawConstantValue()!)).ToList();

        Assert.Equal(ids.Count, ids.Select(i => i.Id).Distinct().Count());
        Assert.All(ids, i => Assert.InRange(i.Id, 3000, 3299));
    }

    [Fact]
    public void LogMessages_UseTheListedIdWithItsName()
    {
        var listed = typeof(GatewayEventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        var messages = typeof(GatewayLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(listed[m.EventName!], m.EventId));
        Assert.Equal(messages.Count, messages.Select(m => m.EventId).Distinct().Count());
    }
}
