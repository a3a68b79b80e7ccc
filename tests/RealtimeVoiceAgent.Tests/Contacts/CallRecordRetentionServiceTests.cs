using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

public sealed class CallRecordRetentionServiceTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);

    private static CallRecord CallStarted(string id, TimeSpan ago) => new()
    {
        CallId = id,
        TransportKind = "websocket",
        StartedAt = s_now - ago,
        EndedAt = s_now - ago + TimeSpan.FromMinutes(2),
        EndReason = CallEndReason.CallerClosed,
    };

    private static async Task<string[]> CallIdsAsync(IContactRepository repository) =>
        (await repository.ListCallsAsync(null, 100)).Items.Select(c => c.CallId).ToArray();

    private static async Task WaitForCallsAsync(IContactRepository repository, params string[] expected)
    {
        using CancellationTokenSource timeout = TestTimeout.Create();
        while (!(await CallIdsAsync(repository)).SequenceEqual(expected))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task RetentionDays_StartAndEachHour_PurgesCallsAndTranscriptsOlderThanTheWindow()
    {
        // Arrange: calls 40, 31, 29 and 10 days old, with transcripts; 30 days retention.
        var time = new FakeTimeProvider(s_now);
        var repository = new InMemoryContactRepository();
        foreach (var (id, days) in new[] { ("c40", 40), ("c31", 31), ("c29", 29.5), ("c10", 10) })
        {
            await repository.SaveCallAsync(CallStarted(id, TimeSpan.FromDays(days)), [new CallTranscriptEntry(CallTranscriptRole.Caller, "hello", s_now)]);
        }

        using var service = new CallRecordRetentionService(repository, new ContactCollectorOptions { RetentionDays = 30 }, time, NullLogger<CallRecordRetentionService>.Instance);

        // Act + Assert: at start, the two calls past 30 days go.
        await service.StartAsync(CancellationToken.None);
        await WaitForCallsAsync(repository, "c10", "c29");
        Assert.Empty(await repository.GetTranscriptAsync("c31"));
        Assert.Single(await repository.GetTranscriptAsync("c29"));

        // 13 hours later the 29.5-day-old call is past 30 days too: the hourly run deletes it.
        time.Advance(TimeSpan.FromHours(13));
        await WaitForCallsAsync(repository, "c10");
        Assert.Empty(await repository.GetTranscriptAsync("c29"));

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RetentionDays_NotSet_KeepsEverythingAndStopsAtOnce()
    {
        var time = new FakeTimeProvider(s_now);
        var repository = new InMemoryContactRepository();
        await repository.SaveCallAsync(CallStarted("old", TimeSpan.FromDays(3650)), []);
        using var service = new CallRecordRetentionService(repository, new ContactCollectorOptions(), time, NullLogger<CallRecordRetentionService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromDays(2));

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(["old"], await CallIdsAsync(repository));
    }

    [Fact]
    public void AddContactAgent_RetentionDaysOutOfRange_FailsValidationNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent().AddContactAgent(o => o.RetentionDays = 0);
        services.AddSingleton<IContactRepository, InMemoryContactRepository>();
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ContactCollectorOptions>>().Value);

        Assert.Contains("VoiceContacts:RetentionDays", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddContactAgent_Registers_TheRetentionServiceOnce()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRealtimeVoiceAgent().AddContactAgent().AddContactAgent();
        services.AddSingleton<IContactRepository, InMemoryContactRepository>();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<CallRecordRetentionService>());
    }
}
