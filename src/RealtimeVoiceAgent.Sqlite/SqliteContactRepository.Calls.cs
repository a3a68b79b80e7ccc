using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Sqlite;

// Call records and transcripts.
public sealed partial class SqliteContactRepository
{
    private const string CallColumns = "call_id, transport, started_at, ended_at, end_reason, input_tokens, output_tokens, contact_id";

    // Retention deletes in batches, so a first purge of a year of calls never holds the write lock for long.
    private const int PurgeBatchSize = 1000;

    /// <inheritdoc/>
    public async Task SaveCallAsync(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(transcript);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            try
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"INSERT INTO calls ({CallColumns}) VALUES (@call_id, @transport, @started_at, @ended_at, @end_reason, @input_tokens, @output_tokens, @contact_id);",
                    cancellationToken,
                    ("@call_id", call.CallId),
                    ("@transport", call.TransportKind),
                    ("@started_at", call.StartedAt.ToUnixTimeMilliseconds()),
                    ("@ended_at", call.EndedAt.ToUnixTimeMilliseconds()),
                    ("@end_reason", call.EndReason.ToString()),
                    ("@input_tokens", call.InputTokens),
                    ("@output_tokens", call.OutputTokens),
                    ("@contact_id", call.ContactId)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
            {
                throw new InvalidOperationException($"A call record with id '{call.CallId}' already exists.", ex);
            }

            using SqliteCommand line = Command(
                connection,
                transaction,
                "INSERT INTO call_transcripts (call_id, seq, role, text, at) VALUES (@call_id, @seq, @role, @text, @at);",
                ("@call_id", call.CallId),
                ("@seq", 0),
                ("@role", string.Empty),
                ("@text", string.Empty),
                ("@at", 0L));
            for (int i = 0; i < transcript.Count; i++)
            {
                line.Parameters["@seq"].Value = i;
                line.Parameters["@role"].Value = transcript[i].Role.ToString();
                line.Parameters["@text"].Value = transcript[i].Text;
                line.Parameters["@at"].Value = transcript[i].At.ToUnixTimeMilliseconds();
                await line.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
        }
    }

    /// <inheritdoc/>
    public async Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // With a cursor, a row-value range on ix_calls_started_at (see SearchAsync).
            using SqliteCommand command = Command(
                connection,
                null,
                $"""
                SELECT {CallColumns} FROM calls
                WHERE {(after is null ? "1" : "(started_at, call_id) < (@after_time, @after_id)")}
                ORDER BY started_at DESC, call_id DESC LIMIT @limit;
                """,
                ("@after_time", after?.Time.ToUnixTimeMilliseconds()),
                ("@after_id", after?.Id),
                ("@limit", limit + 1));
            List<CallRecord> calls = await ReadCallsAsync(command, cancellationToken).ConfigureAwait(false);
            bool more = calls.Count > limit;
            if (more)
            {
                calls.RemoveAt(limit);
            }

            return new CallRecordPage(calls, more ? new PageCursor(calls[^1].StartedAt, calls[^1].CallId) : null);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = Command(
                connection,
                null,
                $"SELECT {CallColumns} FROM calls WHERE contact_id = @contact_id ORDER BY started_at DESC, call_id DESC;",
                ("@contact_id", contactId));
            return await ReadCallsAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = Command(connection, null, "SELECT role, text, at FROM call_transcripts WHERE call_id = @call_id ORDER BY seq;", ("@call_id", callId));
            var lines = new List<CallTranscriptEntry>();
            SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lines.Add(new CallTranscriptEntry(
                        Enum.Parse<CallTranscriptRole>(reader.GetString(0)),
                        reader.GetString(1),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
                }
            }

            return lines;
        }
    }

    /// <inheritdoc/>
    public async Task<int> PurgeCallsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default)
    {
        long cutOff = startedBefore.ToUnixTimeMilliseconds();
        int purged = 0;
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            while (true)
            {
                using SqliteTransaction transaction = connection.BeginTransaction();
                using SqliteCommand command = Command(
                    connection,
                    transaction,
                    """
                    CREATE TEMP TABLE IF NOT EXISTS purge_batch (call_id TEXT PRIMARY KEY);
                    DELETE FROM purge_batch;
                    INSERT INTO purge_batch SELECT call_id FROM calls WHERE started_at < @cut_off LIMIT @batch;
                    DELETE FROM call_transcripts WHERE call_id IN (SELECT call_id FROM purge_batch);
                    DELETE FROM calls WHERE call_id IN (SELECT call_id FROM purge_batch);
                    SELECT count(*) FROM purge_batch;
                    """,
                    ("@cut_off", cutOff),
                    ("@batch", PurgeBatchSize));
                int batch = (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                transaction.Commit();
                purged += batch;
                if (batch < PurgeBatchSize)
                {
                    return purged;
                }
            }
        }
    }

    private static async Task<List<CallRecord>> ReadCallsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var calls = new List<CallRecord>();
        SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                calls.Add(new CallRecord
                {
                    CallId = reader.GetString(0),
                    TransportKind = reader.GetString(1),
                    StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    EndedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    // A reason written by a newer version reads as None rather than failing the listing.
                    EndReason = Enum.TryParse(reader.GetString(4), out CallEndReason reason) ? reason : CallEndReason.None,
                    InputTokens = reader.GetInt64(5),
                    OutputTokens = reader.GetInt64(6),
                    ContactId = reader.IsDBNull(7) ? null : reader.GetString(7),
                });
            }
        }

        return calls;
    }
}
