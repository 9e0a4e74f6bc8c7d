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

        return OptionPairs.Parse(args, new RoutingArguments("sqlite", "both", 20000, 64, 3, 3, null), static (result, name, value) => name switch
        {
            "--storage" => result with { Storage = value },
            "--upstream" when value is "fixture" or "everything" or "both" => result with { Upstreams = value },
            "--calls" => result with { Calls = OptionPairs.Positive(value) },
            "--concurrency" => result with { Concurrency = OptionPairs.Positive(value) },
            "--rounds" => result with { Rounds = OptionPairs.Positive(value) },
            "--phase" => result with { PhaseSeconds = OptionPairs.Positive(value) },
            "--protocol" => result with { ProtocolVersion = value },
            _ => null,
        });
    }
}
