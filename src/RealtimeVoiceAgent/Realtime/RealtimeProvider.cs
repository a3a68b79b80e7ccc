namespace RealtimeVoiceAgent;

/// <summary>The service a model client connects to; decides the protocol (Realtime GA or GPT-Live), the URL shape and the authentication header.</summary>
public enum RealtimeProvider
{
    /// <summary>OpenAI: <c>wss://api.openai.com/v1/realtime?model=…</c> with <c>Authorization: Bearer</c>.</summary>
    OpenAI,

    /// <summary>Azure OpenAI (GA v1 endpoint): <c>wss://&lt;resource&gt;.openai.azure.com/openai/v1/realtime?model=&lt;deployment&gt;</c> with an <c>api-key</c> header.</summary>
    AzureOpenAI,

    /// <summary>OpenAI GPT-Live (<see cref="GptLiveClient"/>): <c>wss://api.openai.com/v1/live/sessions</c> with <c>Authorization: Bearer</c>; full duplex, no truncation.</summary>
    OpenAILive,

    /// <summary>Azure OpenAI GPT-Live (preview, <see cref="GptLiveClient"/>): <c>wss://&lt;resource&gt;.openai.azure.com/openai/v1/live/sessions</c> with an <c>api-key</c> header.</summary>
    AzureOpenAILive,
}
