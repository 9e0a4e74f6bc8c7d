using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Router.CodeGenerator.Diagnostics;

/// <summary>
/// A source location without the syntax tree, so that it compares by value and does not keep a
/// compilation alive in the incremental cache.
/// </summary>
/// <param name="FilePath">The file.</param>
/// <param name="Span">The character span.</param>
/// <param name="LineSpan">The line and column span.</param>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>Captures <paramref name="location"/>, or returns <see langword="null"/> when it is not in source.</summary>
    public static LocationInfo? From(Location? location) =>
        location is { IsInSource: true, SourceTree: { } tree }
            ? new LocationInfo(tree.FilePath, location.SourceSpan, location.GetLineSpan().Span)
            : null;

    /// <summary>Recreates a <see cref="Location"/>.</summary>
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
