using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Sqlite.Tests;

public sealed class SqliteContactRepositoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rva-sqlite-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "nested", "contacts.db");

    private string ConnectionString => $"Data Source={DatabasePath}";

    private static Contact Sample(string id = "c1", string email = "ada@example.com") => new()
    {
        Id = id,
        Name = "Ada Lovelace",
        Email = email,
        Phone = "+15550123456",
        RawName = "ada lovelace",
        RawEmail = "ada at example dot com",
        RawPhone = "555 012 3456",
        CallId = "call-1",
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000),
    };

    [Fact]
    public void Ctor_DoesNotTouchTheFile()
    {
        _ = new SqliteContactRepository(ConnectionString);

        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task FirstUse_MissingFolder_CreatesFileSchemaWalAndUniqueEmailIndex()
    {
        // Arrange
        var repository = new SqliteContactRepository(ConnectionString);

        // Act
        await repository.ListAsync(1);

        // Assert
        Assert.True(File.Exists(DatabasePath));
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, Scalar(connection, "SELECT \"unique\" FROM pragma_index_list('contacts') WHERE name = 'ux_contacts_email';"));
        Assert.Equal("email", Scalar(connection, "SELECT name FROM pragma_index_info('ux_contacts_email');"));
    }

    [Fact]
    public async Task Contacts_NewRepositoryOnSameFile_AreStillThere()
    {
        await new SqliteContactRepository(ConnectionString).InsertAsync(Sample());

        Contact? reloaded = await new SqliteContactRepository(ConnectionString).GetAsync("c1");

        Assert.Equal(Sample(), reloaded);
    }

    [Fact]
    public async Task InsertAsync_DuplicateId_ThrowsSqliteExceptionNotDuplicateContact()
    {
        var repository = new SqliteContactRepository(ConnectionString);
        await repository.InsertAsync(Sample());

        SqliteException ex = await Assert.ThrowsAsync<SqliteException>(() => repository.InsertAsync(Sample(email: "other@example.com")));

        Assert.Equal(1555, ex.SqliteExtendedErrorCode);
    }

    [Fact]
    public async Task DuplicateContactException_Message_DoesNotContainEmail()
    {
        var repository = new SqliteContactRepository(ConnectionString);
        await repository.InsertAsync(Sample());

        DuplicateContactException ex = await Assert.ThrowsAsync<DuplicateContactException>(() => repository.InsertAsync(Sample(id: "c2")));

        Assert.DoesNotContain("ada@example.com", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Data Source=")]
    [InlineData("Nonsense Key=1")]
    public void Ctor_InvalidConnectionString_Throws(string connectionString)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SqliteContactRepository(connectionString));
    }

    [Fact]
    public async Task SearchAsync_ManyMatchesStrategy_ReturnsTheSamePagesAsTheIndexStrategy()
    {
        // Arrange: the same contacts in two files, one store answering every query by the newest-first walk.
        string[] names = ["Ada Lovelace", "Adam Smith", "Grace Hopper", "Alan Turing", "Ada Byron", "Édith Piaf", "Adele Adkins", "Linus Torvalds"];
        Contact[] contacts = Enumerable.Range(0, 40).Select(n => Sample(id: $"c{n:D2}", email: $"user{n}@example.com") with
        {
            Name = names[n % names.Length],
            Phone = $"+1415555{n:D4}",
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000 + (n / 3 * 1000)),
        }).ToArray();
        var byIndex = new SqliteContactRepository(ConnectionString);
        var byWalk = new SqliteContactRepository($"Data Source={Path.Combine(_directory, "walk.db")}") { NarrowMatchLimit = 0 };
        await byIndex.InsertManyAsync(contacts, default);
        await byWalk.InsertManyAsync(contacts, default);

        foreach (string? query in new[] { null, "ada", "a", "edith", "user1", "+1 415 555 00", "4155550", "zzz" })
        {
            // Act
            var walked = await AllPagesAsync(byWalk, query);
            var indexed = await AllPagesAsync(byIndex, query);

            // Assert
            Assert.Equal(contacts.Where(c => ContactSearch.Matches(c, query)).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal), indexed);
            Assert.Equal(indexed, walked);
        }
    }

    [Fact]
    public async Task FirstUse_FileFromBeforeCallRecords_MigratesContactsIntoSearchAndKeepsThem()
    {
        // Arrange: a file with the contacts table as the first version wrote it.
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using (var connection = new SqliteConnection(ConnectionString))
        {
            connection.Open();
            Execute(connection, """
                CREATE TABLE contacts (id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
                    phone_extension TEXT NULL, raw_name TEXT NOT NULL, raw_email TEXT NOT NULL, raw_phone TEXT NOT NULL,
                    call_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                CREATE UNIQUE INDEX ux_contacts_email ON contacts (email);
                INSERT INTO contacts VALUES ('c1', 'Ada Lovelace', 'ada@example.com', '+15550123456', NULL, 'ada lovelace',
                    'ada at example dot com', '555 012 3456', 'call-1', 1800000000000, 1800000000000);
                """);
        }

        // Act
        var repository = new SqliteContactRepository(ConnectionString);
        ContactPage found = await repository.SearchAsync("lovel", null, 10);
        await repository.SaveCallAsync(new CallRecord { CallId = "call-2", TransportKind = "websocket", StartedAt = Sample().CreatedAt, EndedAt = Sample().CreatedAt, EndReason = CallEndReason.CallerClosed, ContactId = "c1" }, []);

        // Assert
        Assert.Equal(Sample(), Assert.Single(found.Items));
        Assert.Single(await repository.ListCallsOfContactAsync("c1"));
        using var check = new SqliteConnection(ConnectionString);
        check.Open();
        Assert.Equal(1L, Scalar(check, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task DeleteAsync_Contact_LeavesNoTraceOfItsValuesInTheFile()
    {
        // Arrange
        var repository = new SqliteContactRepository(ConnectionString);
        await repository.InsertAsync(Sample() with { Name = "Zebulon Quixotic", Email = "zebulon.quixotic@example.com" });
        await repository.InsertAsync(Sample(id: "c2", email: "other@example.com"));

        // Act
        await repository.DeleteAsync("c1");
        SqliteConnection.ClearAllPools();

        // Assert: neither the name nor the email is left in the database file or its write-ahead log.
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!))
        {
            string bytes = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file));
            Assert.DoesNotContain("quixotic", bytes, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<List<Contact>> AllPagesAsync(SqliteContactRepository repository, string? query)
    {
        var all = new List<Contact>();
        PageCursor? cursor = null;
        do
        {
            ContactPage page = await repository.SearchAsync(query, cursor, 4);
            all.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        return all;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
