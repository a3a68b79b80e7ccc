using System;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// What a tool call produced: the <c>function_call_output</c> for the model and, optionally, a message for the
/// caller (<c>contact_saved</c> / <c>contact_updated</c> with its <c>data</c> already serialised as JSON).
/// </summary>
internal readonly record struct CallToolOutcome(string Output, string? CallerMessageType, ReadOnlyMemory<byte> CallerDataJson);
