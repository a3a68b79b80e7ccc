using System;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class RealtimeClientOptionsTests
{
    [Theory]
    [InlineData(null, "gpt-realtime", "wss://api.openai.com/v1/realtime?model=gpt-realtime")]
    [InlineData("https://api.openai.com/v1", "gpt-realtime-mini", "wss://api.openai.com/v1/realtime?model=gpt-realtime-mini")]
    [InlineData("https://proxy.example.com", "gpt-realtime", "wss://proxy.example.com/v1/realtime?model=gpt-realtime")]
    [InlineData("wss://proxy.example.com:8443/v1/realtime", "gpt-realtime", "wss://proxy.example.com:8443/v1/realtime?model=gpt-realtime")]
    [InlineData("http://127.0.0.1:5000", "gpt-realtime", "ws://127.0.0.1:5000/v1/realtime?model=gpt-realtime")]
    [InlineData("ws://localhost:5000/v1/realtime?model=custom", "gpt-realtime", "ws://localhost:5000/v1/realtime?model=custom")]
    [InlineData("https://proxy.example.com/v1/realtime?team=a", "my model", "wss://proxy.example.com/v1/realtime?team=a&model=my%20model")]
    public void Build_OpenAI_ProducesTheGaUrl(string? endpoint, string model, string expected)
    {
        var options = new RealtimeClientOptions { Endpoint = endpoint is null ? null : new Uri(endpoint), Model = model };

        Assert.Equal(expected, RealtimeEndpoint.Build(options).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com", "wss://contoso.openai.azure.com/openai/v1/realtime?model=voice-deployment")]
    [InlineData("https://contoso.openai.azure.com/", "wss://contoso.openai.azure.com/openai/v1/realtime?model=voice-deployment")]
    [InlineData("https://contoso.openai.azure.com/openai", "wss://contoso.openai.azure.com/openai/v1/realtime?model=voice-deployment")]
    [InlineData("wss://contoso.openai.azure.com/openai/v1", "wss://contoso.openai.azure.com/openai/v1/realtime?model=voice-deployment")]
    public void Build_AzureOpenAI_ProducesTheV1UrlWithTheDeploymentAsModel(string endpoint, string expected)
    {
        var options = new RealtimeClientOptions { Provider = RealtimeProvider.AzureOpenAI, Endpoint = new Uri(endpoint), Model = "voice-deployment" };

        Assert.Equal(expected, RealtimeEndpoint.Build(options).AbsoluteUri);
    }

    [Fact]
    public void Build_AzureWithoutEndpoint_ThrowsArgumentExceptionNamingTheEndpoint()
    {
        var error = Assert.Throws<ArgumentException>(() => RealtimeEndpoint.Build(new RealtimeClientOptions { Provider = RealtimeProvider.AzureOpenAI }));

        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws://api.example.com/v1/realtime")]
    [InlineData("http://10.0.0.5:8080")]
    public void Build_UnencryptedNonLoopbackEndpoint_ThrowsArgumentExceptionAboutLoopback(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => RealtimeEndpoint.Build(new RealtimeClientOptions { Endpoint = new Uri(endpoint) }));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnsupportedScheme_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => RealtimeEndpoint.Build(new RealtimeClientOptions { Endpoint = new Uri("ftp://example.com") }));

    [Fact]
    public void Build_EmptyModel_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => RealtimeEndpoint.Build(new RealtimeClientOptions { Model = " " }));

    [Fact]
    public async Task ConnectAsync_RemoteEndpointWithoutApiKey_IsNotConfiguredAndThrowsNamingTheKey()
    {
        var client = new RealtimeClient(new RealtimeClientOptions());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync());

        Assert.False(client.IsConfigured);
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_LoopbackEndpointWithoutApiKey_IsAllowed()
    {
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = new Uri("ws://127.0.0.1:1234/v1/realtime") });

        Assert.True(client.IsConfigured);
        Assert.Equal("ws://127.0.0.1:1234/v1/realtime?model=gpt-realtime", client.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void Ctor_NonPositiveTimeout_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealtimeClient(new RealtimeClientOptions { ApiKey = "k", ConnectTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealtimeClient(new RealtimeClientOptions { ApiKey = "k", CloseTimeout = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public void Ctor_HasDocumentedDefaults()
    {
        var options = new RealtimeClientOptions();

        Assert.Equal(("gpt-realtime", RealtimeProvider.OpenAI, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)), (options.Model, options.Provider, options.ConnectTimeout, options.CloseTimeout));
        Assert.Null(options.Endpoint);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void RealtimeVoice_ExtensibleValues_CompareByValue()
    {
        RealtimeVoice custom = "voice_123";

        Assert.Equal(RealtimeVoice.Marin, new RealtimeVoice("marin"));
        Assert.NotEqual(RealtimeVoice.Marin, RealtimeVoice.Cedar);
        Assert.Equal("voice_123", custom.ToString());
        Assert.Equal("audio/pcm", RealtimeAudioFormat.Pcm16.Value);
    }
}
