using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Sqlite;

/// <summary>
/// Stores contacts in a SQLite database file: the zero-setup default store. The schema is created on first use, the
/// database runs in WAL mode and a unique index keeps the normalized email unique.
/// </summary>
/// <remarks>
/// Thread-safe: each operation uses its own pooled connection and a single SQL statement, so concurrent calls are
/// serialized by SQLite itself (a writer waits for the busy lock up to the connection's default timeout).
/// </remarks>
public sealed partial class SqliteContactRepository : IContactRepository
{
    // SQLite extended result code for a UNIQUE constraint violation; the primary key reports SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    private const int SqliteConstraintUnique = 2067;

    private const string Columns = "id, name, email, phone, phone_extension, raw_name, raw_email, raw_phone, call_id, created_at, updated_at";

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
        """;

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
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText =
                $"""
                INSERT INTO contacts ({Columns})
                VALUES (@id, @name, @email, @phone, @phone_extension, @raw_name, @raw_email, @raw_phone, @call_id, @created_at, @updated_at);
                """;
            command.Parameters.AddWithValue("@id", contact.Id);
            command.Parameters.AddWithValue("@name", contact.Name);
            command.Parameters.AddWithValue("@email", contact.Email);
            command.Parameters.AddWithValue("@phone", contact.Phone);
            command.Parameters.AddWithValue("@phone_extension", (object?)contact.PhoneExtension ?? DBNull.Value);
            command.Parameters.AddWithValue("@raw_name", contact.RawName);
            command.Parameters.AddWithValue("@raw_email", contact.RawEmail);
            command.Parameters.AddWithValue("@raw_phone", contact.RawPhone);
            command.Parameters.AddWithValue("@call_id", contact.CallId);
            command.Parameters.AddWithValue("@created_at", contact.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@updated_at", contact.UpdatedAt.ToUnixTimeMilliseconds());
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
            {
                throw new DuplicateContactException("Another contact already has this email address.", ex);
            }
        }

        return contact with
        {
            CreatedAt = Contact.TruncateToMilliseconds(contact.CreatedAt),
            UpdatedAt = Contact.TruncateToMilliseconds(contact.UpdatedAt),
        };
    }

    /// <inheritdoc/>
    public Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync($"SELECT {Columns} FROM contacts WHERE id = @value;", id, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        return QuerySingleAsync($"SELECT {Columns} FROM contacts WHERE email = @value;", normalizedEmail, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(changes);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement, so the change is atomic without an explicit transaction; NULL parameters keep a column.
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText =
                $"""
                UPDATE contacts SET
                    name = COALESCE(@name, name), raw_name = COALESCE(@raw_name, raw_name),
                    email = COALESCE(@email, email), raw_email = COALESCE(@raw_email, raw_email),
                    phone_extension = CASE WHEN @phone IS NULL THEN phone_extension ELSE @phone_extension END,
                    phone = COALESCE(@phone, phone), raw_phone = COALESCE(@raw_phone, raw_phone),
                    updated_at = @updated_at
                WHERE id = @id
                RETURNING {Columns};
                """;
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@name", (object?)changes.Name?.Value ?? DBNull.Value);
            command.Parameters.AddWithValue("@raw_name", (object?)changes.Name?.Raw ?? DBNull.Value);
            command.Parameters.AddWithValue("@email", (object?)changes.Email?.Value ?? DBNull.Value);
            command.Parameters.AddWithValue("@raw_email", (object?)changes.Email?.Raw ?? DBNull.Value);
            command.Parameters.AddWithValue("@phone", (object?)changes.Phone?.Value ?? DBNull.Value);
            command.Parameters.AddWithValue("@phone_extension", (object?)changes.Phone?.Extension ?? DBNull.Value);
            command.Parameters.AddWithValue("@raw_phone", (object?)changes.Phone?.Raw ?? DBNull.Value);
            command.Parameters.AddWithValue("@updated_at", changes.UpdatedAt.ToUnixTimeMilliseconds());
            try
            {
                SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
                }
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
            {
                throw new DuplicateContactException("Another contact already has this email address.", ex);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM contacts ORDER BY created_at DESC, id DESC LIMIT @limit;";
            command.Parameters.AddWithValue("@limit", limit);
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
    }

    private async Task<Contact?> QuerySingleAsync(string sql, string value, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@value", value);
            SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
            }
        }
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
                using SqliteCommand command = connection.CreateCommand();

                // WAL lets readers run alongside the one writer; the mode is stored in the file, so setting it once suffices.
                command.CommandText = "PRAGMA journal_mode = WAL;";
                string? journalMode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                command.CommandText = SchemaSql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                LogSchemaReady(DataSource, journalMode ?? "unknown");
            }

            _initialized = true;
        }
        finally
        {
            _initializationGate.Release();
        }
    }

    [LoggerMessage(1, LogLevel.Information, "SQLite contact store ready at {DataSource} (journal mode {JournalMode}).")]
    private partial void LogSchemaReady(string dataSource, string journalMode);
}
