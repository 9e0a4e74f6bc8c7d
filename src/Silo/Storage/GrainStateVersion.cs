using System.Globalization;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;

namespace Router.Silo.Storage;

/// <summary>
/// The ETag scheme every provider shares: an ETag is the record's version, a decimal integer that grows by one
/// with each write.
/// </summary>
/// <remarks>
/// A record's first version is random rather than 1. A clear deletes the row, so versions restarting at 1 would
/// let an ETag read before the clear match the record inserted after it (a stale activation that read version 1
/// would then overwrite its successor's state). A random start in [1, 2^52) makes that collision negligible.
/// </remarks>
internal static class GrainStateVersion
{
    private const long MaxInitialVersion = 1L << 52;

    public static long NewInitial() => Random.Shared.NextInt64(1, MaxInitialVersion);

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an ETag this scheme issued; anything else cannot match a stored record.</summary>
    public static bool TryParse(string? etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    /// <summary>
    /// Reads a writer's expected ETag: true with null for "no record may exist", true with the version for an ETag
    /// this scheme issued, false for anything else (which matches no record).
    /// </summary>
    public static bool TryParseExpected(string? etag, out long? expectedVersion)
    {
        expectedVersion = null;
        if (etag is null)
        {
            return true;
        }

        if (TryParse(etag, out var version))
        {
            expectedVersion = version;
            return true;
        }

        return false;
    }

    public static InconsistentStateException WriteConflict(string storageName, GrainId grainId, string stateName, string? storedEtag, string? expectedEtag) =>
        Conflict("write", storageName, grainId, stateName, storedEtag, expectedEtag);

    public static InconsistentStateException ClearConflict(string storageName, GrainId grainId, string stateName, string? storedEtag, string? expectedEtag) =>
        Conflict("clear", storageName, grainId, stateName, storedEtag, expectedEtag);

    private static InconsistentStateException Conflict(string operation, string storageName, GrainId grainId, string stateName, string? storedEtag, string? expectedEtag) =>
        new(
            $"Cannot {operation} state '{stateName}' of grain '{grainId}' in grain storage '{storageName}': " +
            $"storage holds {Describe(storedEtag)} but the caller expected {Describe(expectedEtag)}.",
            storedEtag,
            expectedEtag);

    private static string Describe(string? etag) => etag is null ? "no record" : $"ETag '{etag}'";
}
