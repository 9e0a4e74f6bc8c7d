using System.Globalization;

namespace Router.LoadDriver.Routing;

/// <summary>The <c>routing</c> mode's command line.</summary>
/// <param name="Storage">The started node's storage provider.</param>
/// <param name="Upstreams">Which upstreams to measure: <c>fixture</c>, <c>everything</c> or <c>both</c>.</param>
/// <param name="Calls">Sequential calls per side at concurrency 1 (after the warm-up).</param>
/// <param name="Concurrency">Concurrent callers in the throughput phases.</param>
/// <param name="Rounds">Direct/routed throughput phase pairs, alternating which goes first.</param>
/// <param name="PhaseSeconds">The length of one throughput phase.</param>
/// <param name="ProtocolVersion">The protocol revision the client asks for; null for the client's default.</param>
internal sealed record RoutingArguments(
    string Storage, string Upstreams, int Calls, int Concurrency, int Rounds, int PhaseSeconds, string? ProtocolVersion)
{
    public const string Usage =
        "usage: Router.LoadDriver routing [--upstream fixture|everything|both] [--calls <n>] [--concurrency <n>] [--rounds <n>] [--phase <s>] [--protocol <version>] [--storage sqlite|memory]";

    public bool Includes(string upstream) => Upstreams == "both" || Upstreams == upstream;

    public static RoutingArguments? Parse(string[] args)
    {
        if (args is not ["routing", ..])
        {
            return null;
        }

        var result = new RoutingArguments("sqlite", "both", 20000, 64, 3, 3, null);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[i + 1];
            result = args[i] switch
            {
                "--storage" => result with { Storage = value },
                "--upstream" when value is "fixture" or "everything" or "both" => result with { Upstreams = value },
                "--calls" => result with { Calls = Positive(value) },
                "--concurrency" => result with { Concurrency = Positive(value) },
                "--rounds" => result with { Rounds = Positive(value) },
                "--phase" => result with { PhaseSeconds = Positive(value) },
                "--protocol" => result with { ProtocolVersion = value },
                _ => null,
            };
            if (result is null)
            {
                return null;
            }
        }

        return result;
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{value}' is not a positive integer.");
}
