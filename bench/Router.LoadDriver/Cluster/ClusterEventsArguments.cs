namespace Router.LoadDriver.Cluster;

/// <summary>The <c>cluster-events</c> mode's command line.</summary>
/// <param name="Registrations">Measured registrations on node A, one after another.</param>
/// <param name="WarmUp">Registrations before the measured ones, not measured.</param>
/// <param name="Servers">How many server ids the registrations rotate over (so no registry grows large).</param>
internal sealed record ClusterEventsArguments(int Registrations, int WarmUp, int Servers)
{
    public const string Usage = "usage: Router.LoadDriver cluster-events [--registrations <n>] [--warmup <n>] [--servers <n>]";

    public static ClusterEventsArguments? Parse(string[] args)
    {
        if (args is not ["cluster-events", ..])
        {
            return null;
        }

        return OptionPairs.Parse(args, new ClusterEventsArguments(2000, 500, 200), static (result, name, value) => name switch
        {
            "--registrations" => result with { Registrations = OptionPairs.Positive(value) },
            "--warmup" => result with { WarmUp = OptionPairs.Positive(value) },
            "--servers" => result with { Servers = OptionPairs.Positive(value) },
            _ => null,
        });
    }
}
