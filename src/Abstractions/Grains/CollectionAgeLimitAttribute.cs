namespace Router.Abstractions.Grains;

/// <summary>Overrides the silo-wide idle collection age for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Days of the age.</summary>
    public double Days { get; init; }

    /// <summary>Hours of the age.</summary>
    public double Hours { get; init; }

    /// <summary>Minutes of the age.</summary>
    public double Minutes { get; init; }

    /// <summary>Seconds of the age.</summary>
    public double Seconds { get; init; }

    /// <summary>The age an activation may stay idle before it is collected.</summary>
    public TimeSpan Amount => TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours)
        + TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}
