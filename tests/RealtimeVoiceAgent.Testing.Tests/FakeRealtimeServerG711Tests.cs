using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Tests;
using Xunit;

namespace RealtimeVoiceAgent.Testing.Tests;

// A phone session (audio/pcmu or audio/pcma): the fake hears G.711, speaks G.711 and measures items in its milliseconds.
public class FakeRealtimeServerG711Tests
{
    private const string PcmuSession =
        """{"type":"session.update","session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcmu"}},"output":{"format":{"type":"audio/pcmu"}}}}}""";

    [Fact]
    public async Task PcmuSession_MuLawSpeechIsDetectedAndTheTurnIsAnsweredInMuLaw()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.AfterSpeech(turn => turn.Say("I heard you.", TimeSpan.FromMilliseconds(300)));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync(PcmuSession);
        await socket.NextAsync("session.updated");

        // Act: 200 ms of speech and 600 ms of silence, as a phone line sends them (μ-law, 8 bytes per ms)
        byte[] audio = TestAudio.MuLawSilence(40).Concat(TestAudio.MuLawTone(200)).Concat(TestAudio.MuLawSilence(600)).ToArray();
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(audio)}}"}""");
        JsonElement started = await socket.NextAsync("input_audio_buffer.speech_started");
        JsonElement stopped = await socket.NextAsync("input_audio_buffer.speech_stopped");
        byte[] spoken = await ReadResponseAudioAsync(socket);

        // Assert: the turn's times are in milliseconds of μ-law; its answer is 300 ms of μ-law (2400 bytes) carrying the tone
        Assert.Equal((40, 740), (started.GetProperty("audio_start_ms").GetInt32(), stopped.GetProperty("audio_end_ms").GetInt32()));
        Assert.Equal(2400, spoken.Length);
        short[] decoded = new short[spoken.Length];
        G711.DecodeMuLaw(spoken, decoded);
        Assert.InRange(Math.Sqrt(decoded.Average(s => (double)s * s)), 1800, 2400);
    }

    [Fact]
    public async Task PcmaSession_CommitNeedsOneHundredMillisecondsOfALaw()
    {
        // Arrange: push to talk, A-law input
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync("""{"type":"session.update","session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcma"},"turn_detection":null}}}}""");
        await socket.NextAsync("session.updated");

        // Act: 99 ms (792 bytes) is too little; one more millisecond is enough
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(new byte[792])}}"}""");
        await socket.SendAsync("""{"type":"input_audio_buffer.commit"}""");
        JsonElement tooShort = (await socket.NextAsync("error")).GetProperty("error");
        await socket.SendAsync($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(new byte[8])}}"}""");
        await socket.SendAsync("""{"type":"input_audio_buffer.commit"}""");
        JsonElement committed = await socket.NextAsync("input_audio_buffer.committed");

        // Assert
        Assert.Equal("input_audio_buffer_commit_empty", tooShort.GetProperty("code").GetString());
        Assert.Contains("99.00ms", tooShort.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, committed.GetProperty("item_id").ValueKind);
    }

    [Fact]
    public async Task PcmuSession_TruncateIsCheckedAgainstTheMuLawItemsLength()
    {
        // Arrange: the model speaks 300 ms of μ-law
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("Hello.", TimeSpan.FromMilliseconds(300)));
        await using RawRealtimeSocket socket = await RawRealtimeSocket.ConnectAsync(server.Endpoint, timeout.Token);
        await socket.NextAsync("session.created");
        await socket.SendAsync(PcmuSession);
        await socket.NextAsync("session.updated");
        await socket.SendAsync("""{"type":"response.create"}""");
        string itemId = (await socket.NextAsync("response.output_audio.delta")).GetProperty("item_id").GetString()!;
        await socket.NextAsync("response.done");

        // Act
        await socket.SendAsync($$"""{"type":"conversation.item.truncate","item_id":"{{itemId}}","content_index":0,"audio_end_ms":301}""");
        JsonElement tooFar = (await socket.NextAsync("error")).GetProperty("error");
        await socket.SendAsync($$"""{"type":"conversation.item.truncate","item_id":"{{itemId}}","content_index":0,"audio_end_ms":300}""");
        JsonElement truncated = await socket.NextAsync("conversation.item.truncated");

        // Assert
        Assert.Equal(("invalid_value", "audio_end_ms"), (tooFar.GetProperty("code").GetString(), tooFar.GetProperty("param").GetString()));
        Assert.Equal(300, truncated.GetProperty("audio_end_ms").GetInt32());
    }

    // The audio of the next response, concatenated, up to its response.done.
    private static async Task<byte[]> ReadResponseAudioAsync(RawRealtimeSocket socket)
    {
        var audio = new System.Collections.Generic.List<byte>();
        while (true)
        {
            JsonElement e = await socket.ReceiveAsync() ?? throw new InvalidOperationException("Closed before response.done.");
            switch (e.GetProperty("type").GetString())
            {
                case "response.output_audio.delta":
                    audio.AddRange(Convert.FromBase64String(e.GetProperty("delta").GetString()!));
                    break;
                case "response.done":
                    return audio.ToArray();
            }
        }
    }
}
