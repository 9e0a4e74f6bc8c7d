using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>Assertions on RFC 7807 answers.</summary>
internal static class Problems
{
    /// <summary>Asserts a problem details answer with <paramref name="status"/>, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> map names <paramref name="field"/>.</summary>
    public static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
    }
}
