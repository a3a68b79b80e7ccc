using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.AspNetCore;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>Settings of the sample host that reach the SDK's options.</summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public async Task ContactSettings_VoiceContactsSection_BindToCollectorOptions()
    {
        await using var app = await VoiceContactsApp.BuildAsync(
            ["--VoiceContacts:DefaultRegion=GB", "--VoiceContacts:DuplicateEmailPolicy=Reject", "--ConnectionStrings:Contacts=Data Source=:memory:"]);

        var options = app.Services.GetRequiredService<IOptions<ContactCollectorOptions>>().Value;

        Assert.Equal("GB", options.DefaultRegion);
        Assert.Equal(DuplicateEmailPolicy.Reject, options.DuplicateEmailPolicy);
    }

    [Fact]
    public async Task ContactSettings_NotConfigured_DefaultToUsRegionAndUpdateExisting()
    {
        await using var app = await VoiceContactsApp.BuildAsync(["--ConnectionStrings:Contacts=Data Source=:memory:"]);

        var options = app.Services.GetRequiredService<IOptions<ContactCollectorOptions>>().Value;

        Assert.Equal("US", options.DefaultRegion);
        Assert.Equal(DuplicateEmailPolicy.UpdateExisting, options.DuplicateEmailPolicy);
    }

    [Fact]
    public async Task CallSettings_VoiceContactsSection_BindToTheEndpointOptions()
    {
        await using var app = await VoiceContactsApp.BuildAsync(
            ["--VoiceContacts:MaxConcurrentCalls=7", "--VoiceContacts:IdleTimeout=00:00:42", "--VoiceContacts:AllowedOrigins=https://a.example, https://b.example/", "--VoiceContacts:G711Passthrough=false", "--ConnectionStrings:Contacts=Data Source=:memory:"]);

        var options = app.Services.GetRequiredService<IOptions<VoiceAgentEndpointOptions>>().Value;

        Assert.False(options.G711Passthrough);
        Assert.Equal(7, options.MaxConcurrentCalls);
        Assert.Equal(System.TimeSpan.FromSeconds(42), options.IdleTimeout);
        Assert.Equal(["https://a.example", "https://b.example"], options.AllowedOrigins);
    }

    [Fact]
    public async Task CallSettings_OutOfRange_StopTheHostAtStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            VoiceContactsApp.BuildAsync(["--VoiceContacts:MaxFrameBytes=10", "--ConnectionStrings:Contacts=Data Source=:memory:"]));

        Assert.Contains("MaxFrameBytes", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task SocketTransport_VoiceContactsSection_BindsToKestrelSocketOptions()
    {
        await using var app = await VoiceContactsApp.BuildAsync(
            ["--VoiceContacts:SocketTransport:UnsafePreferInlineScheduling=true", "--VoiceContacts:SocketTransport:IOQueueCount=0", "--ConnectionStrings:Contacts=Data Source=:memory:"]);

        var options = app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.True(options.UnsafePreferInlineScheduling);
        Assert.Equal(0, options.IOQueueCount);
    }

    [Fact]
    public void RuntimeConfig_AsShipped_TurnsOffThreadPoolSpinningAndTheInstrumentedTier()
    {
        // The host's runtimeconfig.json (copied beside the tests, as beside the host's own dll): the relay settings of
        // docs/benchmarks.md must stay in what users run.
        var path = Path.Combine(AppContext.BaseDirectory, "VoiceContacts.Host.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
