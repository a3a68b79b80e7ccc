using System;
using System.IO;
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
