namespace Router.Abstractions.Grains;

/// <summary>
/// The identity of a grain: its grain type name and its string key. Two references with the same id
/// address the same (virtual) grain.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    /// <summary>Creates an id.</summary>
    /// <param name="type">The grain type name (see <see cref="GrainTypeAttribute"/>).</param>
    /// <param name="key">The grain key.</param>
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
    }

    /// <summary>The grain type name.</summary>
    public string Type { get; }

    /// <summary>The grain key.</summary>
    public string Key { get; }

    /// <summary>Whether this is the default (empty) id.</summary>
    public bool IsDefault => Type is null;

    /// <inheritdoc />
    public bool Equals(GrainId other) => string.Equals(Type, other.Type, StringComparison.Ordinal)
        && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        Type is null ? 0 : StringComparer.Ordinal.GetHashCode(Type),
        Key is null ? 0 : StringComparer.Ordinal.GetHashCode(Key));

    /// <summary>Formats the id as <c>type/key</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
