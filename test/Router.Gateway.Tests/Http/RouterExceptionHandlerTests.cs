using Router.Gateway.Tests.Infrastructure;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Gateway.Http;
using Router.Silo.Hosting;

namespace Router.Gateway.Tests.Http;

/// <summary>
/// What a handler did not expect is answered with problem details that name the cause in fixed words and carry no
/// exception text: 503 for the registry (this node fenced, another node, the database, a timeout), 500 for the rest.
/// </summary>
public sealed class RouterExceptionHandlerTests
{
    public static TheoryData<Exception, bool, int, string> Causes => new()
    {
        { new SiloUnavailableException(), false, 503, "This node is not serving: it cannot confirm its cluster membership" },
        { new SiloUnavailableException("Silo 10.0.0.2:11111 is unreachable."), true, 503, "The cluster node holding this part of the registry is not serving" },
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111)), true, 503, "The registry's database cannot be reached" },
        { new GrainActivationException(new GrainId("registry", "a"), "Activation failed.", new NpgsqlException("Exception while reading from stream")), true, 503, "The registry's database cannot be reached" },
        { new GrainCallTimeoutException(new GrainId("registry", "a"), "RegisterAsync", TimeSpan.FromSeconds(30)), true, 503, "The registry did not answer in time" },
        { new InconsistentStateException("stale etag 3", "3", "2"), true, 503, "The registry could not complete the request right now" },
        { new InvalidOperationException("Sequence contains no elements"), true, 500, "The router could not complete the request." },
    };

    [Theory]
    [MemberData(nameof(Causes))]
    public async Task TryHandleAsync_Exception_ProblemNamingTheCauseWithoutItsText(Exception exception, bool serving, int status, string detail)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        var handler = new RouterExceptionHandler(new SiloStatusStub(serving: serving), NullLogger<RouterExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.StartsWith(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(exception.Message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}
