using System.Globalization;

namespace Router.LoadDriver;

/// <summary>The <c>--name value</c> pairs that follow a mode word on the driver's command line.</summary>
internal static class OptionPairs
{
    /// <summary>
    /// Applies each pair after <c>args[0]</c> to <paramref name="initial"/> with <paramref name="apply"/> (null for an
    /// unknown option); null when a pair is unknown or lacks its value.
    /// </summary>
    public static T? Parse<T>(string[] args, T initial, Func<T, string, string, T?> apply)
        where T : class
    {
        var result = initial;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || apply(result, args[i], args[i + 1]) is not { } next)
            {
                return null;
            }

            result = next;
        }

        return result;
    }

    /// <summary>A positive integer; throws <see cref="FormatException"/> for anything else.</summary>
    public static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{value}' is not a positive integer.");
}
