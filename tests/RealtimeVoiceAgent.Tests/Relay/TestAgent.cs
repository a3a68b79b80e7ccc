using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>An agent whose members the test sets, recording its hooks.</summary>
internal sealed class TestAgent : VoiceAgent
{
    private readonly ConcurrentQueue<string> _hooks = new();
    private readonly SemaphoreSlim _changed = new(0);

    public string InstructionsText { get; init; } = "Help the caller.";

    public string? GreetingText { get; init; }

    public RealtimeVoice? VoiceValue { get; init; }

    public RealtimeTurnDetection? TurnDetectionValue { get; init; } = RealtimeTurnDetection.SemanticVad;

    public RealtimeTranscriptionOptions? TranscriptionValue { get; init; } = new() { Model = "whisper-1" };

    public IReadOnlyList<AIFunction> ToolList { get; init; } = [];

    public bool ThrowOnToolCompleted { get; init; }

    public Action<ToolInvocationResult>? OnTool { get; init; }

    public IReadOnlyCollection<string> Hooks => _hooks;

    public override string Instructions => InstructionsText;

    public override string? Greeting => GreetingText;

    public override RealtimeVoice? Voice => VoiceValue;

    public override RealtimeTurnDetection? TurnDetection => TurnDetectionValue;

    public override RealtimeTranscriptionOptions? InputTranscription => TranscriptionValue;

    public override IReadOnlyList<AIFunction> Tools => ToolList;

    /// <summary>Runs when the call starts (e.g. to end it at once).</summary>
    public Action? OnStarted { get; init; }

    public override ValueTask OnCallStartedAsync(CancellationToken cancellationToken)
    {
        OnStarted?.Invoke();
        return Record("started");
    }

    public override ValueTask OnTranscriptAsync(CallTranscript transcript, CancellationToken cancellationToken) =>
        Record($"transcript {transcript.Role.ToString().ToLowerInvariant()}: {transcript.Text}");

    public override ValueTask OnCallerTextAsync(string text, CancellationToken cancellationToken) => Record("typed: " + text);

    /// <summary>The app message types the agent handles; others are left to the relay (bad_message).</summary>
    public IReadOnlyCollection<string> AppMessageTypes { get; init; } = [];

    /// <summary>Runs for each app message the agent handles.</summary>
    public Action<string, System.Text.Json.JsonElement>? OnAppMessage { get; init; }

    public override async ValueTask<bool> OnAppMessageAsync(string type, System.Text.Json.JsonElement message, CancellationToken cancellationToken)
    {
        if (!AppMessageTypes.Contains(type))
        {
            await Record("app ignored: " + type);
            return false;
        }

        OnAppMessage?.Invoke(type, message);
        await Record($"app {type}: {message.GetRawText()}");
        return true;
    }

    public override ValueTask OnToolCompletedAsync(ToolInvocationResult result, CancellationToken cancellationToken)
    {
        if (ThrowOnToolCompleted)
        {
            throw new InvalidOperationException("hook bug");
        }

        OnTool?.Invoke(result);
        return Record($"tool {result.ToolName} {(result.Succeeded ? "ok" : "failed")}: {result.Value}");
    }

    /// <summary>The summary the relay passed when the call ended.</summary>
    public CallSummary? Summary { get; private set; }

    public override ValueTask OnCallEndedAsync(CallSummary summary, CancellationToken cancellationToken)
    {
        Summary = summary;
        return Record("ended " + summary.EndReason);
    }

    public async Task WaitForAsync(Func<IReadOnlyCollection<string>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition(Hooks))
        {
            await _changed.WaitAsync(timeout.Token);
        }
    }

    private ValueTask Record(string hook)
    {
        _hooks.Enqueue(hook);
        _changed.Release();
        return default;
    }
}
