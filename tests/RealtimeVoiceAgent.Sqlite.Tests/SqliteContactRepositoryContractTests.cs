using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tests;

namespace RealtimeVoiceAgent.Sqlite.Tests;

public sealed class SqliteContactRepositoryContractTests : ContactRepositoryContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rva-sqlite-" + Guid.NewGuid().ToString("N"));

    protected override Task<IContactRepository> CreateRepositoryAsync()
        => Task.FromResult<IContactRepository>(new SqliteContactRepository($"Data Source={Path.Combine(_directory, "contacts.db")}"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not affect other tests.
        }
    }
}
