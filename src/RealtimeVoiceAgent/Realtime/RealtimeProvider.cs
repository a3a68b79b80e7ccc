namespace RealtimeVoiceAgent;

/// <summary>The service a <see cref="RealtimeClient"/> connects to; decides the URL shape and the authentication header.</summary>
public enum RealtimeProvider
{
    /// <summary>OpenAI: <c>wss://api.openai.com/v1/realtime?model=…</c> with <c>Authorization: Bearer</c>.</summary>
    OpenAI,

    /// <summary>Azure OpenAI (GA v1 endpoint): <c>wss://&lt;resource&gt;.openai.azure.com/openai/v1/realtime?model=&lt;deployment&gt;</c> with an <c>api-key</c> header.</summary>
    AzureOpenAI,
}
