using System.Threading.Tasks;
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
}
