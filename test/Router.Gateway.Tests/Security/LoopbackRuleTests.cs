using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Router.Gateway.Options;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Security;

public sealed class LoopbackRuleTests
{
    [Fact]
    public async Task Start_WithoutKeysOnAllInterfaces_FailsNamingRouterAuthKeys()
    {
        await using var app = TestNode.Build("Router:Storage:Provider=memory", $"urls=http://0.0.0.0:{FreePort.Next()}");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Auth:Keys is empty", exception.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayProcess_WithoutKeysOnAllInterfaces_ExitsWithCode1AndOneCleanMessage()
    {
        using var workingDirectory = new TempDirectory();

        using var gateway = GatewayProcess.Start(workingDirectory.Path, ["--urls", $"http://0.0.0.0:{FreePort.Next()}", "--Router:Storage:Provider=memory"]);
        var exitCode = await gateway.WaitForExitAsync(Bounded.Wait);

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:{Environment.NewLine}{gateway.Output}");
        Assert.Contains("Router:Auth:Keys is empty", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Middleware_WithoutKeysFromLoopbackClient_PassesTheRequestOn(string remote)
    {
        var (context, called) = await InvokeAsync(remote);

        Assert.True(called);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.20")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.1.2.3")]
    public async Task Middleware_WithoutKeysFromRemoteClient_Answers403Problem(string remote)
    {
        var (context, called) = await InvokeAsync(remote);

        Assert.False(called);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Middleware_WithKeysFromRemoteClient_PassesTheRequestOn()
    {
        var keys = new AuthOptions { Keys = [new ApiKeyOptions { Name = "k", Hash = ApiKeyHash.Format("secret"), Scopes = ["admin"] }] };

        var (_, called) = await InvokeAsync("10.1.2.3", keys);

        Assert.True(called);
    }

    private static async Task<(HttpContext Context, bool Called)> InvokeAsync(string remote, AuthOptions? auth = null)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Response.Body = new MemoryStream();
        var called = false;
        var middleware = new LoopbackOnlyMiddleware(
            _ =>
            {
                called = true;
                return Task.CompletedTask;
            },
            new ApiKeyStore(Microsoft.Extensions.Options.Options.Create(auth ?? new AuthOptions())),
            NullLogger<LoopbackOnlyMiddleware>.Instance);

        await middleware.InvokeAsync(context);
        return (context, called);
    }
}
