using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Router.Gateway.Health;

namespace Router.Gateway.Tests.Health;

public sealed class HealthResponseWriterTests
{
    [Fact]
    public async Task WriteAsync_WithThrowingCheck_OmitsExceptionMessageAndStackTrace()
    {
        var exception = CaptureThrown(() => throw new InvalidOperationException("Host=db;Password=secret"));
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["storage"] = new(HealthStatus.Unhealthy, exception.Message, TimeSpan.Zero, exception, null),
                ["silo"] = new(HealthStatus.Healthy, "silo running", TimeSpan.Zero, null, null),
            },
            TimeSpan.Zero);

        var body = await WriteAsync(report);

        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(CaptureThrown), body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("check failed", json.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());
        Assert.Equal("silo running", json.RootElement.GetProperty("checks").GetProperty("silo").GetProperty("description").GetString());
    }

    [Fact]
    public async Task WriteAsync_WithReport_WritesJsonContentType()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await HealthResponseWriter.WriteAsync(context, new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero));

        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(context.Response.Body.Length, context.Response.ContentLength);
    }

    private static async Task<string> WriteAsync(HealthReport report)
    {
        var context = new DefaultHttpContext();
        using var stream = new MemoryStream();
        context.Response.Body = stream;
        await HealthResponseWriter.WriteAsync(context, report);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Exception CaptureThrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException("The action did not throw.");
    }
}
