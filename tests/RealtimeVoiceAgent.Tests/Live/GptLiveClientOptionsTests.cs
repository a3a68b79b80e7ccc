using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Live;

// The GPT-Live endpoint, model default and provider switch (live-protocol.md 2).
public class GptLiveClientOptionsTests
{
    [Theory]
    [InlineData(null, "wss://api.openai.com/v1/live/sessions")]
    [InlineData("https://api.openai.com/v1", "wss://api.openai.com/v1/live/sessions")]
    [InlineData("https://proxy.example.com", "wss://proxy.example.com/v1/live/sessions")]
    [InlineData("http://127.0.0.1:5000/v1/live/sessions", "ws://127.0.0.1:5000/v1/live/sessions")]
    public void Build_OpenAILive_ProducesTheLiveUrlWithoutAModelQuery(string? endpoint, string expected)
    {
        var options = new RealtimeClientOptions { Provider = RealtimeProvider.OpenAILive, Endpoint = endpoint is null ? null : new Uri(endpoint) };

        Assert.Equal(expected, LiveEndpoint.Build(options).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com", "wss://contoso.openai.azure.com/openai/v1/live/sessions")]
    [InlineData("https://contoso.openai.azure.com/openai", "wss://contoso.openai.azure.com/openai/v1/live/sessions")]
    [InlineData("wss://contoso.openai.azure.com/openai/v1", "wss://contoso.openai.azure.com/openai/v1/live/sessions")]
    public void Build_AzureOpenAILive_ProducesTheV1LiveSessionsUrl(string endpoint, string expected)
    {
        var options = new RealtimeClientOptions { Provider = RealtimeProvider.AzureOpenAILive, Endpoint = new Uri(endpoint) };

        Assert.Equal(expected, LiveEndpoint.Build(options).AbsoluteUri);
    }

    [Fact]
    public void Build_AzureLiveWithoutEndpoint_ThrowsNamingTheEndpoint()
    {
        var error = Assert.Throws<ArgumentException>(() => LiveEndpoint.Build(new RealtimeClientOptions { Provider = RealtimeProvider.AzureOpenAILive }));

        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "gpt-live-1")]
    [InlineData("gpt-live-1.1", "gpt-live-1.1")]
    public void Client_Model_DefaultsToGptLive1(string? model, string expected)
    {
        var options = new RealtimeClientOptions { Provider = RealtimeProvider.OpenAILive, ApiKey = "sk" };
        if (model is not null)
        {
            options.Model = model;
        }

        Assert.Equal(expected, new GptLiveClient(options).Model);
    }

    [Fact]
    public void Clients_WrongProtocolForTheProvider_ThrowWithAdvice()
    {
        var realtime = Assert.Throws<ArgumentException>(() => new RealtimeClient(new RealtimeClientOptions { Provider = RealtimeProvider.OpenAILive }));
        var live = Assert.Throws<ArgumentException>(() => new GptLiveClient(new RealtimeClientOptions { Provider = RealtimeProvider.OpenAI }));

        Assert.Contains("GptLiveClient", realtime.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAILive", live.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRealtimeVoiceAgent_LiveProviderFromConfiguration_ModelClientIsGptLive()
    {
        // Arrange: configuration alone switches the protocol
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RealtimeVoiceAgent:Provider"] = "OpenAILive",
            ["RealtimeVoiceAgent:Endpoint"] = "ws://127.0.0.1:5997",
        }).Build();
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent(configuration.GetSection("RealtimeVoiceAgent"));
        using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        // Act
        var client = Assert.IsType<GptLiveClient>(provider.GetRequiredService<VoiceModelClient>());

        // Assert
        Assert.Equal(new Uri("ws://127.0.0.1:5997/v1/live/sessions"), client.Endpoint);
        Assert.Equal("gpt-live-1", client.Model);
        Assert.True(client.IsConfigured);
    }

    [Fact]
    public void AddRealtimeVoiceAgent_AzureLiveWithoutEndpoint_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent(o => o.Provider = RealtimeProvider.AzureOpenAILive);
        using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RealtimeClientOptions>>().Value);

        Assert.Contains("Azure OpenAI GPT-Live", error.Message, StringComparison.Ordinal);
    }
}
