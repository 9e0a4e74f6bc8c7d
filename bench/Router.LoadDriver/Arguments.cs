using System.Globalization;

namespace Router.LoadDriver;

/// <summary>The driver's command line.</summary>
internal sealed record Arguments(Uri? Router, string Storage, int DurationSeconds, int Connections, int Subscribers, int Events)
{
    public static Arguments? Parse(string[] args)
    {
        if (args is not ["registry", ..])
        {
            return null;
        }

        var result = new Arguments(null, "sqlite", 10, 64, 1000, 100);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[i + 1];
            result = args[i] switch
            {
                "--router" => result with { Router = new Uri(value) },
                "--storage" => result with { Storage = value },
                "--duration" => result with { DurationSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--connections" => result with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--subscribers" => result with { Subscribers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--events" => result with { Events = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => null!,
            };
            if (result is null)
            {
                return null;
            }
        }

        return result;
    }
}
