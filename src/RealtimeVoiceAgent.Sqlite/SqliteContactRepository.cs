using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Sqlite;

/// <summary>
/// Stores contacts, their history and call records in a SQLite database file: the zero-setup default store. The schema
/// is created (or brought up to date) on first use, the database runs in WAL mode, a unique index keeps the normalized
/// email unique, and a search-term index keeps search and paging fast with a million contacts (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Thread-safe: each operation uses its own pooled connection and one transaction, so concurrent calls are serialized by
/// SQLite itself (a writer waits for the busy lock up to the connection's default timeout).
/// </remarks>
public sealed partial class SqliteContactRepository : IContactRepository
{
    // SQLite extended result codes for a UNIQUE constraint violation and a PRIMARY KEY one.
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private const string Columns = "id, name, email, phone, phone_extension, raw_name, raw_email, raw_phone, call_id, created_at, updated_at";

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializationGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the store; the database file and schema are created on first use.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=contacts.db</c>.</param>
    /// <param name="loggerFactory">Logs schema creation.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty, invalid, or names no data source.</exception>
    public SqliteContactRepository(string connectionString, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{nameof(connectionString)}' is not a valid SQLite connection string: {ex.Message}", nameof(connectionString), ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("The SQLite connection string needs a Data Source, for example 'Data Source=contacts.db'.", nameof(connectionString));
        }

        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _logger = (ILogger?)loggerFactory?.CreateLogger<SqliteContactRepository>() ?? NullLogger.Instance;
    }

    /// <summary>The database file (the connection string's data source).</summary>
    public string DataSource { get; }

    /// <inheritdoc/>
    public async Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Contact stored = contact with
        {
            CreatedAt = Contact.TruncateToMilliseconds(contact.CreatedAt),
            UpdatedAt = Contact.TruncateToMilliseconds(contact.UpdatedAt),
        };
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            using var writer = new ContactWriter(connection, transaction);
            try
            {
                await writer.InsertAsync(stored, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
            {
                throw new DuplicateContactException("Another contact already has this email address.", ex);
            }

            transaction.Commit();
        }

        return stored;
    }

    /// <summary>Inserts many contacts in one transaction (bulk loads: the benchmark's million contacts).</summary>
    internal async Task InsertManyAsync(IEnumerable<Contact> contacts, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            using var writer = new ContactWriter(connection, transaction);
            foreach (Contact contact in contacts)
            {
                await writer.InsertAsync(contact, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
        }
    }

    /// <inheritdoc/>
    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await GetAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = Command(connection, null, $"SELECT {Columns} FROM contacts WHERE email = @email;", ("@email", normalizedEmail));
            return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(changes);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BeginTransaction is BEGIN IMMEDIATE: the read below and the write after it see no other writer in between,
            // so the history's old values are exactly what this update replaced.
            using SqliteTransaction transaction = connection.BeginTransaction();
            Contact? before = await GetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            if (before is null)
            {
                return null;
            }

            Contact after = changes.ApplyTo(before) with { UpdatedAt = Contact.TruncateToMilliseconds(changes.UpdatedAt) };
            using var writer = new ContactWriter(connection, transaction);
            try
            {
                await writer.UpdateAsync(before, after, changes.CallId, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
            {
                throw new DuplicateContactException("Another contact already has this email address.", ex);
            }

            transaction.Commit();
            return after;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = Command(connection, null, $"SELECT {Columns} FROM contacts ORDER BY created_at DESC, id DESC LIMIT @limit;", ("@limit", limit));
            return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = Command(
                connection,
                null,
                "SELECT field, old_value, new_value, call_id, changed_at FROM contact_history WHERE contact_id = @id ORDER BY seq;",
                ("@id", contactId));
            var history = new List<ContactChange>();
            SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    history.Add(new ContactChange
                    {
                        ContactId = contactId,
                        Field = Enum.Parse<ContactField>(reader.GetString(0)),
                        OldValue = reader.IsDBNull(1) ? null : reader.GetString(1),
                        NewValue = reader.GetString(2),
                        CallId = reader.IsDBNull(3) ? null : reader.GetString(3),
                        ChangedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    });
                }
            }

            return history;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Deleted rows are overwritten in the file (<c>secure_delete</c>) and the write-ahead log is checkpointed, so the
    /// erased values do not linger in free pages.</remarks>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, null, "PRAGMA secure_delete = ON;", cancellationToken).ConfigureAwait(false);
            using (SqliteTransaction transaction = connection.BeginTransaction())
            {
                Contact? contact = await GetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
                if (contact is null)
                {
                    return false;
                }

                using (var writer = new ContactWriter(connection, transaction))
                {
                    await writer.DeleteTermsAsync(contact, cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    DELETE FROM contact_history WHERE contact_id = @id;
                    DELETE FROM call_transcripts WHERE call_id IN (SELECT call_id FROM calls WHERE contact_id = @id);
                    UPDATE calls SET contact_id = NULL WHERE contact_id = @id;
                    DELETE FROM contacts WHERE id = @id;
                    """,
                    cancellationToken,
                    ("@id", id)).ConfigureAwait(false);
                transaction.Commit();
            }

            // Best effort: a checkpoint that readers hold back completes later, on its own.
            await ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static async Task<Contact?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        using SqliteCommand command = Command(connection, transaction, $"SELECT {Columns} FROM contacts WHERE id = @id;", ("@id", id));
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Contact?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
    }

    private static async Task<List<Contact>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var contacts = new List<Contact>();
        SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                contacts.Add(Read(reader));
            }
        }

        return contacts;
    }

    private static Contact Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Email = reader.GetString(2),
        Phone = reader.GetString(3),
        PhoneExtension = reader.IsDBNull(4) ? null : reader.GetString(4),
        RawName = reader.GetString(5),
        RawEmail = reader.GetString(6),
        RawPhone = reader.GetString(7),
        CallId = reader.GetString(8),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
    };

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using SqliteCommand command = Command(connection, transaction, sql);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
