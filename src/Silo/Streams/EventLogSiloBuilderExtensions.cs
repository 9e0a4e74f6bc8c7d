using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Router.Silo.Hosting;

namespace Router.Silo.Streams;

/// <summary>Registers event log retention on a silo.</summary>
public static class EventLogSiloBuilderExtensions
{
    /// <summary>
    /// Adds the hosted service that trims every storage provider's event log by <see cref="EventLogOptions"/>,
    /// bound from <c>Router:Events</c> when the application has an <see cref="IConfiguration"/>. Every grain storage
    /// extension calls this; calling it again changes nothing.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Adjusts the options after binding; applied on every call that passes one.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddEventLogRetention(this ISiloBuilder builder, Action<EventLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(EventLogTrimmer)))
        {
            services.AddOptions<EventLogOptions>()
                .Configure<IServiceProvider>(static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(EventLogOptions.SectionName).Bind(options))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventLogOptions>, EventLogOptionsValidator>());
            services.AddSingleton(static provider => new EventLogTrimmer(
                provider,
                provider.GetRequiredService<IOptions<EventLogOptions>>(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System,
                (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<EventLogTrimmer>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventLogTrimmer>(static provider => provider.GetRequiredService<EventLogTrimmer>()));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
