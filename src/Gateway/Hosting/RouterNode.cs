using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Gateway.Diagnostics;

namespace Router.Gateway.Hosting;

/// <summary>
/// The composition of a router node, shared by <c>Program.cs</c> and the tests that start the same application in
/// process.
/// </summary>
internal static class RouterNode
{
    /// <summary>The process exit code when the configuration is invalid.</summary>
    public const int InvalidConfigurationExitCode = 1;

    /// <summary>Creates the application builder with the usual ASP.NET Core configuration sources.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(args);

    /// <summary>Adds the node's services to <paramref name="builder"/>, builds the application and maps its endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRouterNode();
        return builder.Build().UseRouterNode();
    }

    /// <summary>
    /// Runs a node until it is stopped; returns the process exit code. Invalid configuration is logged as one message
    /// naming the settings (no stack trace) and ends the process with <see cref="InvalidConfigurationExitCode"/>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(CreateBuilder(args));
        await using (app.ConfigureAwait(false))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RouterNode).FullName!);
            try
            {
                // Validated here first, as the host would at start, so that a configuration error is reported once,
                // as its message, rather than by the host's start-up failure log with a stack trace.
                ValidateConfiguration(app.Services);
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (OptionsValidationException exception)
            {
                GatewayLog.StartupFailed(logger, exception.Message);
                return InvalidConfigurationExitCode;
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>
    /// Binds and validates every option validated at start. The failures of several option types come as one
    /// exception; a value the binder cannot convert (a malformed time span, say) is reported like a failed validation,
    /// its message naming the setting.
    /// </summary>
    private static void ValidateConfiguration(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException or InvalidOperationException))
        {
            throw new OptionsValidationException(
                Microsoft.Extensions.Options.Options.DefaultName, typeof(object), exception.InnerExceptions.Select(e => e.Message));
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(object), [exception.Message]);
        }
    }
}
