using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
}
