using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <summary>Options for <see cref="RealtimeClient"/>. A mutable POCO so it can be bound from configuration; the client copies the values when it is constructed.</summary>
public sealed class RealtimeClientOptions : IValidatableObject
{
    /// <summary>
    /// The service endpoint. <see langword="null"/> (default) means <c>wss://api.openai.com/v1/realtime</c> for
    /// <see cref="RealtimeProvider.OpenAI"/>; Azure OpenAI requires it (<c>https://&lt;resource&gt;.openai.azure.com</c>).
    /// <c>http</c>/<c>https</c> are mapped to <c>ws</c>/<c>wss</c>; a missing path gets <c>/v1/realtime</c> (OpenAI) or
    /// <c>/openai/v1/realtime</c> (Azure). Unencrypted <c>ws://</c> is accepted only for loopback hosts (local fakes, proxies).
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The model (OpenAI) or deployment name (Azure OpenAI): the <c>model</c> query parameter of a Realtime connection, or
    /// <c>session.model</c> of a GPT-Live session. Default <c>gpt-realtime</c>; with a Live provider that default means
    /// <c>gpt-live-1</c> (a Realtime model cannot run on the Live protocol).
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "RealtimeClientOptions.Model is required (the model name, or the deployment name for Azure OpenAI).")]
    public string Model { get; set; } = DefaultRealtimeModel;

    /// <summary>
    /// GPT-Live only: the Responses model the voice model delegates tools and reasoning to (<c>delegation.responses.model</c>;
    /// the deployment name on Azure). Default <c>gpt-5.5</c>.
    /// </summary>
    public string DelegationModel { get; set; } = "gpt-5.5";

    /// <summary>The API key: sent as <c>Authorization: Bearer</c> (OpenAI) or <c>api-key</c> (Azure). Required except for loopback endpoints. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Which service <see cref="Endpoint"/> belongs to. Default <see cref="RealtimeProvider.OpenAI"/>.</summary>
    public RealtimeProvider Provider { get; set; } = RealtimeProvider.OpenAI;

    /// <summary>How long the WebSocket handshake may take before <see cref="RealtimeConnectionException"/> is thrown. Default 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "RealtimeClientOptions.ConnectTimeout must be between 1 ms and 1 day.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="RealtimeSession.DisposeAsync"/> waits to flush queued events and send the close frame before aborting the socket. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "RealtimeClientOptions.CloseTimeout must be between 1 ms and 10 minutes.")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether <see cref="ApiKey"/> is set or the endpoint is a loopback host (a local proxy or fake needs no key): the one
    /// place that decides whether the model can be called. Without it the host still runs and each call is told
    /// <c>not_configured</c>.
    /// </summary>
    internal const string DefaultRealtimeModel = "gpt-realtime";

    internal const string DefaultLiveModel = "gpt-live-1";

    /// <summary>Whether <see cref="Provider"/> speaks the GPT-Live protocol.</summary>
    internal bool IsLive => Provider is RealtimeProvider.OpenAILive or RealtimeProvider.AzureOpenAILive;

    /// <summary>The model a Live session asks for: <see cref="Model"/>, with the Realtime default read as <c>gpt-live-1</c>.</summary>
    internal string LiveModel => string.IsNullOrWhiteSpace(Model) || Model == DefaultRealtimeModel ? DefaultLiveModel : Model;

    internal bool HasCredentials(Uri endpoint) => !string.IsNullOrWhiteSpace(ApiKey) || endpoint.IsLoopback;

    /// <summary>Checks the endpoint rules (scheme, loopback-only <c>ws://</c>, Azure needs an endpoint); used by options validation at startup.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The failures.</returns>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            _ = IsLive ? LiveEndpoint.Build(this) : RealtimeEndpoint.Build(this);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult(error, [nameof(Endpoint)]);
        }
    }
}
