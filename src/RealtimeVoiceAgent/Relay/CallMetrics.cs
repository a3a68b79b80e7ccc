using System;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// What one call measures from the model's events: token usage (the call's totals, and <c>gen_ai.client.token.usage</c>
/// per response), each response's duration (<c>response.created</c> to <c>response.done</c>), and the voice-to-voice
/// latency of each turn. Told only by the model loop, one event after another, so it takes no lock; the totals are read
/// once that loop has ended.
/// </summary>
internal sealed class CallMetrics
{
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly string? _provider;
    private readonly string? _model;
    private TokenUsageParts _tokens;
    private long _inputTokens;
    private long _outputTokens;
    private string? _responseId;
    private long _responseCreatedAt;
    private bool _responseOpen;
    // A turn waiting for its answer: when the caller stopped speaking and, once created, the response that answers it.
    private bool _turnWaiting;
    private long _speechStoppedAt;
    private string? _answerId;

    public CallMetrics(VoiceAgentTelemetry? telemetry, VoiceModelClient modelClient, TimeProvider timeProvider)
    {
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        if (modelClient is RealtimeClient realtime)
        {
            _provider = realtime.ProviderName;
            _model = realtime.Model;
        }
    }

    /// <summary>The input tokens of every <c>response.done</c> so far.</summary>
    public long InputTokens => _inputTokens;

    /// <summary>The output tokens of every <c>response.done</c> so far.</summary>
    public long OutputTokens => _outputTokens;

    /// <summary>The call's tokens so far, by part.</summary>
    public TokenUsageParts Tokens => _tokens;

    /// <summary>The call's cost in USD at <paramref name="prices"/>; <see langword="null"/> when no price is set.</summary>
    public decimal? CostAt(TokenPrices? prices) => prices is { IsSet: true } ? _tokens.CostAt(prices) : null;

    /// <summary>At the call's end: its barge-ins and cost, to the metrics.</summary>
    public void OnCallEnded(int bargeIns, decimal? costUsd) => _telemetry?.CallTotals(bargeIns, costUsd, _provider, _model);

    /// <summary>The caller started speaking: a turn still waiting for its answer is superseded (the caller went on).</summary>
    public void OnSpeechStarted() => _turnWaiting = false;

    /// <summary>The caller stopped speaking: a turn starts waiting for its answer.</summary>
    public void OnSpeechStopped(long receivedAt)
    {
        _turnWaiting = true;
        _speechStoppedAt = receivedAt;
        _answerId = null;
    }

    public void OnResponseCreated(string? responseId, long receivedAt)
    {
        _responseId = responseId;
        _responseCreatedAt = receivedAt;
        _responseOpen = true;
        if (_turnWaiting && _answerId is null)
        {
            _answerId = responseId ?? string.Empty;
        }
    }

    /// <summary>A model audio delta went to the caller: the first of the answer ends the turn's wait.</summary>
    public void OnAudioForwarded(string? responseId, long receivedAt)
    {
        if (_turnWaiting && _answerId is not null && string.Equals(_answerId, responseId ?? string.Empty, StringComparison.Ordinal))
        {
            _turnWaiting = false;
            _telemetry?.VoiceToVoice(_timeProvider.GetElapsedTime(_speechStoppedAt, receivedAt), _provider, _model);
        }
    }

    public void OnResponseDone(RealtimeResponse response, long receivedAt)
    {
        if (response.Usage is { } usage)
        {
            _inputTokens += usage.InputTokens;
            _outputTokens += usage.OutputTokens;
            var parts = TokenUsageParts.From(usage);
            _tokens += parts;
            _telemetry?.TokensUsed(parts, _provider, _model);
        }

        if (_responseOpen && (response.Id is null || _responseId is null || string.Equals(response.Id, _responseId, StringComparison.Ordinal)))
        {
            _responseOpen = false;
            var status = response.Status?.Value;
            var errorType = response.Status == RealtimeResponseStatus.Failed ? response.StatusDetails?.ErrorType ?? "failed" : null;
            _telemetry?.ResponseDone(_timeProvider.GetElapsedTime(_responseCreatedAt, receivedAt), status, errorType, _provider, _model);
        }

        if (_turnWaiting && _answerId is not null && string.Equals(_answerId, response.Id ?? string.Empty, StringComparison.Ordinal))
        {
            // The answer ended without audio. A function call's output is answered by the next response, which the
            // caller is still waiting for; anything else (a cancelled or text-only response) leaves the turn unanswered.
            _answerId = null;
            _turnWaiting = HasFunctionCall(response);
        }
    }

    private static bool HasFunctionCall(RealtimeResponse response)
    {
        foreach (var item in response.Output)
        {
            if (item.Type == RealtimeItemType.FunctionCall)
            {
                return true;
            }
        }

        return false;
    }
}
