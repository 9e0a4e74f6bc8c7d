using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol.Server;

namespace Router.Samples.WeatherServer.Mcp;

/// <summary>The sample's tools. Results are deterministic so that tests (and people) can check them.</summary>
internal static class WeatherTools
{
    private static readonly string[] Skies = ["sunny", "partly cloudy", "overcast", "light rain", "windy", "foggy"];

    /// <summary>Creates the MCP tool definitions; the schemas come from the method signatures.</summary>
    public static IReadOnlyList<McpServerTool> Create() =>
    [
        McpServerTool.Create(Forecast, new McpServerToolCreateOptions { Name = "forecast", ReadOnly = true, Idempotent = true }),
        McpServerTool.Create(Add, new McpServerToolCreateOptions { Name = "add", ReadOnly = true, Idempotent = true }),
    ];

    [Description("Tomorrow's forecast for a city (sample data: the same city always gets the same forecast).")]
    public static string Forecast([Description("The city, for example 'Paris'.")] string city)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(city);
        // A stable hash: string.GetHashCode differs from process to process.
        var hash = 17u;
        foreach (var c in city.Trim().ToUpperInvariant())
        {
            hash = unchecked((hash * 31) + c);
        }

        var temperature = (int)(hash % 35) - 5;
        var sky = Skies[hash / 35 % (uint)Skies.Length];
        return string.Create(CultureInfo.InvariantCulture, $"{city.Trim()}: {sky}, {temperature} °C");
    }

    [Description("Adds two numbers.")]
    public static double Add([Description("The first addend.")] double a, [Description("The second addend.")] double b) => a + b;
}
