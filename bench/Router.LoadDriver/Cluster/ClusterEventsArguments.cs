using System.Globalization;

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

        var result = new ClusterEventsArguments(2000, 500, 200);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[i + 1];
            result = args[i] switch
            {
                "--registrations" => result with { Registrations = Positive(value) },
                "--warmup" => result with { WarmUp = Positive(value) },
                "--servers" => result with { Servers = Positive(value) },
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
