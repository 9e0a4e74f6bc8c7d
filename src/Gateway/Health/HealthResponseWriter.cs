using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Router.Gateway.Health;

/// <summary>
/// Writes a health report as <c>{"status":"Healthy","checks":{"storage":{"status":"Healthy","description":"storage reachable"}}}</c>.
/// Never writes an exception's message or stack trace.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", Describe(entry));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// The router's checks describe their outcome with fixed phrases; when a check throws or times out, the health
    /// check service puts the exception's message in the description instead, so that one is replaced.
    /// </summary>
    private static string Describe(HealthReportEntry entry) => entry switch
    {
        { Exception: null, Description: { } description } => description,
        { Status: HealthStatus.Healthy } => "healthy",
        _ => "check failed",
    };
}
