namespace Router.Grains.Routing;

/// <summary>A cached answer and the catalog generation it was read in; it is served only while that generation is current.</summary>
internal sealed record Cached<T>(int Generation, T Value);
