using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Client;
using Router.Registrar.Diagnostics;

namespace Router.Registrar;

/// <summary>
/// The registrar command: parses the command line, then runs a generic host whose only job is the router
/// registration. The host's console lifetime turns SIGTERM and SIGINT into a graceful stop, which deregisters.
/// </summary>
internal static class RegistrarApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>Runs the registrar until it is stopped (a signal, or <paramref name="cancellationToken"/>).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where help goes.</param>
    /// <param name="error">Where argument errors and the usage text go.</param>
    /// <param name="environment">Looks up environment variables.</param>
    /// <param name="cancellationToken">Stops the registrar like a signal does.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = RegistrarCommandLine.Parse(args, environment);
        if (parsed.HelpRequested)
        {
            await output.WriteLineAsync(RegistrarUsage.Text).ConfigureAwait(false);
            return ExitOk;
        }

        if (parsed.Arguments is not { } arguments)
        {
            await WriteUsageErrorAsync(error, parsed.Error!).ConfigureAwait(false);
            return ExitUsage;
        }

        using var host = BuildHost(arguments);
        RegistrarLog.Starting(
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegistrarApp).FullName!),
            arguments.McpId, arguments.Version, arguments.Endpoint, arguments.Transport, arguments.RouterUrl, arguments.LeaseMode);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            // Limits the command line cannot see on its own (the number of metadata entries, duplicate tool names).
            await WriteUsageErrorAsync(error, string.Join(Environment.NewLine, ex.Failures)).ConfigureAwait(false);
            return ExitUsage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitOk;
        }

        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitOk;
    }

    private static IHost BuildHost(RegistrarArguments arguments)
    {
        // No defaults: a command-line tool should not pick up appsettings.json from whatever directory it runs in.
        // Environment variables still tune logging (Logging__LogLevel__Default=Debug).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "router-registrar",
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddMcpRouterRegistration(arguments.ApplyTo);
        return builder.Build();
    }

    private static async Task WriteUsageErrorAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"router-registrar: {message}").ConfigureAwait(false);
        await error.WriteLineAsync().ConfigureAwait(false);
        await error.WriteLineAsync(RegistrarUsage.Text).ConfigureAwait(false);
    }
}
