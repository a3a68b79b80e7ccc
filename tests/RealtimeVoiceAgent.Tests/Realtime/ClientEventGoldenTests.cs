using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Testing.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

// Each GA client event is compared byte for byte with a hand-written file under Golden/ (one final newline in the
// file is ignored, as editors add it).
public class ClientEventGoldenTests
{
    private static readonly byte[] s_audio = [0xFB, 0xEF, 0xBF, 0xFE, 0x00];

    public static TheoryData<string> GoldenFiles() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void WriteSessionUpdate_FullConfiguration_MatchesGolden()
    {
        using JsonDocument schema = JsonDocument.Parse("""{ "type": "object", "properties": { "name": { "type": "string" }, "email": { "type": "string" } }, "required": ["name"] }""");
        var configuration = new RealtimeSessionConfiguration
        {
            Instructions = "You are a friendly receptionist. Don't rush.",
            Voice = RealtimeVoice.Marin,
            InputTranscription = new RealtimeTranscriptionOptions { Language = "en" },
            NoiseReduction = RealtimeNoiseReduction.NearField,
            TurnDetection = new RealtimeTurnDetection(RealtimeTurnDetectionType.SemanticVad) { Eagerness = "auto", CreateResponse = true, InterruptResponse = true },
            ToolChoice = RealtimeToolChoice.Auto,
            OutputModalities = [RealtimeOutputModality.Audio],
            MaxOutputTokens = 4096,
        };
        configuration.Tools.Add(new RealtimeToolDefinition("save_contact", "Saves the caller's contact details.", schema.RootElement.Clone()));

        AssertGolden("session_update_full.json", output => ClientEventWriter.WriteSessionUpdate(output, configuration));
    }

    [Fact]
    public void WriteSessionUpdate_ServerVadWithG711AndForcedTool_MatchesGolden() =>
        AssertGolden("session_update_server_vad_g711.json", output => ClientEventWriter.WriteSessionUpdate(output, new RealtimeSessionConfiguration
        {
            InputAudioFormat = RealtimeAudioFormat.Pcmu,
            OutputAudioFormat = RealtimeAudioFormat.Pcma,
            TurnDetection = new RealtimeTurnDetection(RealtimeTurnDetectionType.ServerVad) { Threshold = 0.6, PrefixPaddingMs = 300, SilenceDurationMs = 500, IdleTimeoutMs = 6000 },
            ToolChoice = RealtimeToolChoice.Function("save_contact"),
        }));

    [Fact]
    public void WriteSessionUpdate_TurnDetectionDisabled_WritesNullTurnDetection() =>
        AssertGolden("session_update_manual_turns.json", output => ClientEventWriter.WriteSessionUpdate(output, new RealtimeSessionConfiguration
        {
            TurnDetection = RealtimeTurnDetection.Disabled,
            OutputModalities = [RealtimeOutputModality.Text],
        }));

    [Fact]
    public void WriteAppendEvent_BytesNeedingPlusAndSlash_MatchesGoldenUnescaped() =>
        AssertGolden("input_audio_buffer_append.json", output => AudioAppendFraming.WriteAppendEvent(output, s_audio));

    [Fact]
    public void WriteInputAudioBufferCommit_MatchesGolden() =>
        AssertGolden("input_audio_buffer_commit.json", ClientEventWriter.WriteInputAudioBufferCommit);

    [Fact]
    public void WriteInputAudioBufferClear_MatchesGolden() =>
        AssertGolden("input_audio_buffer_clear.json", ClientEventWriter.WriteInputAudioBufferClear);

    [Fact]
    public void WriteUserText_QuotesNewlineAndAccents_MatchesGolden() =>
        AssertGolden("conversation_item_create_user_text.json", output => ClientEventWriter.WriteUserText(output, "Hi, I'm \"Zoë\"\nthanks"));

    [Fact]
    public void WriteSystemText_MatchesGolden() =>
        AssertGolden("conversation_item_create_system_text.json", output => ClientEventWriter.WriteSystemText(output, "The caller typed their email: ada@example.com"));

    [Fact]
    public void WriteFunctionCallOutput_MatchesGolden() =>
        AssertGolden("conversation_item_create_function_call_output.json", output => ClientEventWriter.WriteFunctionCallOutput(output, "call_x1", "{\"saved\":true}"));

    [Fact]
    public void WriteTruncate_MatchesGolden() =>
        AssertGolden("conversation_item_truncate.json", output => ClientEventWriter.WriteTruncate(output, "item_asst_1", 0, 1320));

    [Fact]
    public void WriteDelete_MatchesGolden() =>
        AssertGolden("conversation_item_delete.json", output => ClientEventWriter.WriteDelete(output, "item_old_7"));

    [Fact]
    public void WriteResponseCreate_NoOptions_MatchesGolden() =>
        AssertGolden("response_create.json", output => ClientEventWriter.WriteResponseCreate(output, null));

    [Fact]
    public void WriteResponseCreate_WithOptions_MatchesGolden() =>
        AssertGolden("response_create_with_options.json", output => ClientEventWriter.WriteResponseCreate(output, new RealtimeResponseOptions
        {
            Conversation = "none",
            OutputModalities = [RealtimeOutputModality.Text],
            Instructions = "Summarize the call in one sentence.",
            MaxOutputTokens = 200,
            Metadata = new Dictionary<string, string> { ["purpose"] = "summary" },
        }));

    [Fact]
    public void WriteResponseCancel_NoId_MatchesGolden() =>
        AssertGolden("response_cancel.json", output => ClientEventWriter.WriteResponseCancel(output, null));

    [Fact]
    public void WriteResponseCancel_WithId_MatchesGolden() =>
        AssertGolden("response_cancel_with_id.json", output => ClientEventWriter.WriteResponseCancel(output, "resp_9"));

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void GoldenFile_CheckedByTheFakeServer_IsValidGaProtocol(string file)
    {
        // Arrange
        using JsonDocument document = JsonDocument.Parse(ReadGolden(file));

        // Act
        FakeProtocolError? error = ClientEventValidator.Validate(document.RootElement.GetProperty("type").GetString()!, document.RootElement);

        // Assert
        Assert.Null(error);
    }

    [Fact]
    public async Task Session_EveryClientEvent_ReachesTheServerExactlyAsTheGoldenFile()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        CancellationToken ct = timeout.Token;
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(ct);
        RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(ct);

        // Act: the fake rejects some of these for state reasons (no such item), but records the raw text it received
        await session.SendAudioAsync(s_audio, ct);
        await session.CommitAudioAsync(ct);
        await session.ClearAudioAsync(ct);
        await session.AddUserTextAsync("Hi, I'm \"Zoë\"\nthanks", ct);
        await session.AddSystemMessageAsync("The caller typed their email: ada@example.com", ct);
        await session.SendFunctionCallOutputAsync("call_x1", "{\"saved\":true}", ct);
        await session.TruncateItemAsync("item_asst_1", 0, 1320, ct);
        await session.DeleteItemAsync("item_old_7", ct);
        await session.CancelResponseAsync("resp_9", ct);
        await session.DisposeAsync();
        await server.WaitForClientEventAsync("response.cancel", cancellationToken: ct);

        // Assert
        string[] expected =
        [
            "input_audio_buffer_append.json", "input_audio_buffer_commit.json", "input_audio_buffer_clear.json",
            "conversation_item_create_user_text.json", "conversation_item_create_system_text.json", "conversation_item_create_function_call_output.json",
            "conversation_item_truncate.json", "conversation_item_delete.json", "response_cancel_with_id.json",
        ];
        Assert.Equal(expected.Select(ReadGolden), server.ReceivedEvents.Select(e => e.Json));
    }

    private static void AssertGolden(string file, Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        Assert.Equal(ReadGolden(file), Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(Encoding.UTF8.GetBytes(ReadGolden(file)), output.WrittenSpan.ToArray());
    }

    private static string ReadGolden(string file)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file), new UTF8Encoding(false));
        return text.EndsWith('\n') ? text[..^1] : text;
    }
}
