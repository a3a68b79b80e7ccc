using System;
using System.Threading.Tasks;
using MongoDB.Driver;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tests;
using Xunit;
using Xunit.Abstractions;

namespace RealtimeVoiceAgent.MongoDB.Tests;

/// <summary>
/// Runs the contract suite against a real MongoDB when <c>VOICECONTACTS_TEST_MONGODB_URI</c> is set (each test class
/// gets its own database, dropped afterwards). Without it every test is reported as skipped, with the reason.
/// </summary>
public sealed class MongoContactRepositoryContractTests : ContactRepositoryContractTests, IAsyncLifetime
{
    public const string UriVariable = "VOICECONTACTS_TEST_MONGODB_URI";
    public const string SkipReason = UriVariable + " not set: MongoDB contract suite not run";

    private static readonly string? s_uri = Environment.GetEnvironmentVariable(UriVariable);
    private readonly string _database = "rva_contract_" + Guid.NewGuid().ToString("N");

    public MongoContactRepositoryContractTests(ITestOutputHelper output)
    {
        if (string.IsNullOrWhiteSpace(s_uri))
        {
            output.WriteLine(SkipReason);
        }
    }

    protected override Task<IContactRepository> CreateRepositoryAsync()
    {
        Skip.If(string.IsNullOrWhiteSpace(s_uri), SkipReason);
        return Task.FromResult<IContactRepository>(new MongoContactRepository(s_uri!, _database, "contacts_" + Guid.NewGuid().ToString("N")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!string.IsNullOrWhiteSpace(s_uri))
        {
            await new MongoClient(s_uri).DropDatabaseAsync(_database);
        }
    }
}
