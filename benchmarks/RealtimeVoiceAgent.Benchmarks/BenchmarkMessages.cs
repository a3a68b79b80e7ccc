using System;
using System.Text;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>The server messages the framing and session benchmarks use, laid out as the service sends them.</summary>
internal static class BenchmarkMessages
{
    /// <summary>A GA <c>session.created</c>: what the service sends first on every connection.</summary>
    public static byte[] SessionCreated { get; } = Encoding.UTF8.GetBytes(
        """
        {"type":"session.created","event_id":"event_0001","session":{"type":"realtime","object":"realtime.session","id":"sess_bench","model":"gpt-realtime","output_modalities":["audio"],"instructions":"","tools":[],"tool_choice":"auto","max_output_tokens":"inf","tracing":null,"truncation":"auto","prompt":null,"expires_at":0,"audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":null,"noise_reduction":null,"turn_detection":null},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"alloy","speed":1.0}},"include":null}}
        """);

    /// <summary>One <c>response.output_audio.delta</c> carrying <paramref name="pcm"/> as base64, as the service sends it.</summary>
    public static byte[] AudioDelta(ReadOnlySpan<byte> pcm) => Encoding.UTF8.GetBytes(
        "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_4711\",\"response_id\":\"resp_CF8ndWcOqpUAcKpPTwNUO\",\"item_id\":\"item_CF8ndLYKAbHEoaxsR24pY\",\"output_index\":0,\"content_index\":0,\"delta\":\""
        + Convert.ToBase64String(pcm) + "\"}");
}
