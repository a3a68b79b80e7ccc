namespace RealtimeVoiceAgent.Testing.Internal;

internal sealed record FakeProtocolError(string Code, string Message, string? Param = null, string Type = "invalid_request_error");
