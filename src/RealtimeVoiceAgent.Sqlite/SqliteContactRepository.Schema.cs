using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Sqlite;

// The schema and its migration. PRAGMA user_version holds the schema version: 0 is a new file or one written before
// call records and search existed (contacts only), 1 is the current schema.
public sealed partial class SqliteContactRepository
{
    private const int SchemaVersion = 1;

    private const string SchemaSql =
        """
        CREATE TABLE IF NOT EXISTS contacts (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            phone TEXT NOT NULL,
            phone_extension TEXT NULL,
            raw_name TEXT NOT NULL,
            raw_email TEXT NOT NULL,
            raw_phone TEXT NOT NULL,
            call_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_email ON contacts (email);
        CREATE INDEX IF NOT EXISTS ix_contacts_created_at ON contacts (created_at DESC, id DESC);

        -- One row per search term of a contact (ContactSearch.GetTerms), with its creation time so a prefix lookup
        -- yields the page order straight from the index.
        CREATE TABLE IF NOT EXISTS contact_terms (
            term TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            contact_id TEXT NOT NULL,
            PRIMARY KEY (term, created_at, contact_id)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS contact_history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id TEXT NOT NULL,
            field TEXT NOT NULL,
            old_value TEXT NULL,
            new_value TEXT NOT NULL,
            call_id TEXT NULL,
            changed_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_contact_history_contact ON contact_history (contact_id, seq);

        CREATE TABLE IF NOT EXISTS calls (
            call_id TEXT NOT NULL PRIMARY KEY,
            transport TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            end_reason TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            contact_id TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_calls_started_at ON calls (started_at DESC, call_id DESC);
        CREATE INDEX IF NOT EXISTS ix_calls_contact ON calls (contact_id, started_at DESC) WHERE contact_id IS NOT NULL;

        CREATE TABLE IF NOT EXISTS call_transcripts (
            call_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (call_id, seq)
        ) WITHOUT ROWID;
        """;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            string? directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
            if (!string.IsNullOrEmpty(directory) && !DataSource.StartsWith(':') && !DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(_connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

                // WAL lets readers run alongside the one writer; the mode is stored in the file, so setting it once suffices.
                string? journalMode = (string?)await ScalarAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
                using SqliteTransaction transaction = connection.BeginTransaction();
                long version = (long)(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false))!;
                if (version < SchemaVersion)
                {
                    await MigrateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                }

                transaction.Commit();
                LogSchemaReady(DataSource, journalMode ?? "unknown");
            }

            _initialized = true;
        }
        finally
        {
            _initializationGate.Release();
        }
    }

    // Version 0 -> 1: the new tables and, for a file written by an earlier version, the search column and terms of
    // every contact. Runs in the caller's transaction, so a failure leaves the file as it was.
    private async Task MigrateAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, SchemaSql, cancellationToken).ConfigureAwait(false);
        bool hasSearchColumn = (long)(await ScalarAsync(
            connection, transaction, "SELECT count(*) FROM pragma_table_info('contacts') WHERE name = 'search_text';", cancellationToken).ConfigureAwait(false))! > 0;
        if (!hasSearchColumn)
        {
            await ExecuteAsync(connection, transaction, "ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';", cancellationToken).ConfigureAwait(false);
            var existing = new List<Contact>();
            using (SqliteCommand select = Command(connection, transaction, $"SELECT {Columns} FROM contacts;"))
            {
                SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        existing.Add(Read(reader));
                    }
                }
            }

            using var writer = new ContactWriter(connection, transaction);
            foreach (Contact contact in existing)
            {
                await writer.SetSearchTextAsync(contact, cancellationToken).ConfigureAwait(false);
                await writer.AddTermsAsync(contact, cancellationToken).ConfigureAwait(false);
            }

            if (existing.Count > 0)
            {
                LogContactsMigrated(existing.Count);
            }
        }

        await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {SchemaVersion};", cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Information, "SQLite contact store ready at {DataSource} (journal mode {JournalMode}).")]
    private partial void LogSchemaReady(string dataSource, string journalMode);

    [LoggerMessage(2, LogLevel.Information, "SQLite contact store: indexed {Count} existing contacts for search.")]
    private partial void LogContactsMigrated(int count);
}
