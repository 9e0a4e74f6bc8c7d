using System.Data.Common;

namespace Router.Silo.Storage;

/// <summary>Reads the single state record a SQL provider's read command selects (payload, version).</summary>
internal static class GrainStateReader
{
    public static async Task<GrainStateRecord?> ReadSingleAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new GrainStateRecord(reader.GetFieldValue<byte[]>(0), GrainStateVersion.Format(reader.GetInt64(1)));
        }
    }
}
