using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

// Recorded server-event sequences (JSON lines under Transcripts/) parsed the way the session parses them.
public class ServerEventTranscriptTests
{
    [Fact]
    public void Parse_VoiceTurn_YieldsTypedEventsWithTheirFields()
    {
        // Arrange + Act
        List<RealtimeServerEvent> events = Parse("voice_turn.jsonl", out List<string> audioHex);

        // Assert
        Assert.Equal(24, events.Count);
        Assert.DoesNotContain(events, e => e is RealtimeServerEventUnknown && e.Type != "response.content_part.added" && e.Type != "response.content_part.done");
        var created = Assert.IsType<RealtimeServerEventSessionCreated>(events[0]);
        Assert.Equal("sess_C1", created.SessionId);
        Assert.Equal("gpt-realtime-2025-08-28", created.Model);
        Assert.Equal(RealtimeVoice.Marin, created.Voice);
        Assert.Equal("event_C1", created.EventId);
        Assert.Equal(200, created.Session.GetProperty("audio").GetProperty("input").GetProperty("turn_detection").GetProperty("silence_duration_ms").GetInt32());
        Assert.Equal("You collect contact details.", Assert.IsType<RealtimeServerEventSessionUpdated>(events[1]).Instructions);
        var started = Assert.IsType<RealtimeServerEventInputAudioBufferSpeechStarted>(events[2]);
        Assert.Equal((1020, "item_U1"), (started.AudioStartMs, started.ItemId));
        Assert.Equal(2810, Assert.IsType<RealtimeServerEventInputAudioBufferSpeechStopped>(events[3]).AudioEndMs);
        var committed = Assert.IsType<RealtimeServerEventInputAudioBufferCommitted>(events[4]);
        Assert.Null(committed.PreviousItemId);
        var userItem = Assert.IsType<RealtimeServerEventConversationItemAdded>(events[5]).Item;
        Assert.Equal(("item_U1", RealtimeItemType.Message, RealtimeItemRole.User), (userItem.Id, userItem.Type, userItem.Role));
        Assert.Equal("input_audio", Assert.Single(userItem.Content).Type);
        Assert.Equal("resp_R1", Assert.IsType<RealtimeServerEventResponseCreated>(events[7]).ResponseId);
        var limits = Assert.IsType<RealtimeServerEventRateLimitsUpdated>(events[8]).RateLimits;
        Assert.Equal(["requests", "tokens"], limits.Select(l => l.Name));
        Assert.Equal(798450, limits[1].Remaining);
        Assert.Equal(0.116, limits[1].ResetSeconds);
        Assert.Equal(RealtimeItemStatus.InProgress, Assert.IsType<RealtimeServerEventResponseOutputItemAdded>(events[9]).Item.Status);
        Assert.Equal(" meet you, Ada!", Assert.IsType<RealtimeServerEventResponseOutputAudioTranscriptDelta>(events[14]).Delta);
        Assert.Equal(["00010203040506070809", "FBEFBFFE00"], audioHex);
        Assert.Equal("Nice to meet you, Ada!", Assert.IsType<RealtimeServerEventResponseOutputAudioTranscriptDone>(events[17]).Transcript);
        Assert.Equal("output_audio", Assert.Single(Assert.IsType<RealtimeServerEventResponseOutputItemDone>(events[19]).Item.Content).Type);
        RealtimeResponse done = Assert.IsType<RealtimeServerEventResponseDone>(events[21]).Response;
        Assert.Equal(("resp_R1", RealtimeResponseStatus.Completed, "conv_1"), (done.Id, done.Status, done.ConversationId));
        Assert.Null(done.StatusDetails);
        RealtimeUsage usage = done.Usage!;
        Assert.Equal((253, 132, 121), (usage.TotalTokens, usage.InputTokens, usage.OutputTokens));
        Assert.Equal((119, 13, 64), (usage.InputTextTokens, usage.InputAudioTokens, usage.InputCachedTokens));
        Assert.Equal((64, 0), (usage.InputCachedTextTokens, usage.InputCachedAudioTokens));
        Assert.Equal((30, 91), (usage.OutputTextTokens, usage.OutputAudioTokens));
        Assert.Equal("Nice to meet you, Ada!", Assert.Single(done.Output).Content[0].Transcript);
        Assert.Equal("My name is", Assert.IsType<RealtimeServerEventInputAudioTranscriptionDelta>(events[22]).Delta);
        Assert.Equal("My name is Ada.", Assert.IsType<RealtimeServerEventInputAudioTranscriptionCompleted>(events[23]).Transcript);
    }

    [Fact]
    public void Parse_FunctionCall_YieldsArgumentsAndTheCallItem()
    {
        // Arrange + Act
        List<RealtimeServerEvent> events = Parse("function_call.jsonl", out _);

        // Assert
        var added = Assert.IsType<RealtimeServerEventResponseOutputItemAdded>(events[1]);
        Assert.Equal((RealtimeItemType.FunctionCall, "call_x1", "save_contact", ""), (added.Item.Type, added.Item.CallId, added.Item.Name, added.Item.Arguments));
        string streamed = string.Concat(events.OfType<RealtimeServerEventResponseFunctionCallArgumentsDelta>().Select(d => d.Delta));
        var argumentsDone = Assert.IsType<RealtimeServerEventResponseFunctionCallArgumentsDone>(events[5]);
        Assert.Equal(argumentsDone.Arguments, streamed);
        Assert.Equal(("call_x1", "save_contact", "item_fc1", "resp_9"), (argumentsDone.CallId, argumentsDone.Name, argumentsDone.ItemId, argumentsDone.ResponseId));
        var itemDone = Assert.IsType<RealtimeServerEventResponseOutputItemDone>(events[6]);
        Assert.Equal((RealtimeItemStatus.Completed, "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"), (itemDone.Item.Status, itemDone.Item.Arguments));
        RealtimeItem call = Assert.Single(Assert.IsType<RealtimeServerEventResponseDone>(events[8]).Response.Output);
        Assert.Equal("call_x1", call.CallId);
        RealtimeItem output = Assert.IsType<RealtimeServerEventConversationItemAdded>(events[9]).Item;
        Assert.Equal((RealtimeItemType.FunctionCallOutput, "{\"saved\":true}"), (output.Type, output.Output));
    }

    [Fact]
    public void Parse_Errors_YieldsErrorDetailsAndFailedResponses()
    {
        // Arrange + Act
        List<RealtimeServerEvent> events = Parse("error.jsonl", out _);

        // Assert
        RealtimeErrorDetails first = Assert.IsType<RealtimeServerEventError>(events[0]).Error;
        Assert.Equal(("invalid_request_error", "unknown_parameter", "session.input_audio_format", "evt_client_001"), (first.Type, first.Code, first.Param, first.EventId));
        RealtimeErrorDetails second = Assert.IsType<RealtimeServerEventError>(events[1]).Error;
        Assert.Equal("response_cancel_not_active", second.Code);
        Assert.Null(second.Param);
        Assert.Null(second.EventId);
        var failed = Assert.IsType<RealtimeServerEventInputAudioTranscriptionFailed>(events[2]);
        Assert.Equal(("item_U2", "audio_unintelligible"), (failed.ItemId, failed.Error.Code));
        RealtimeResponse failedResponse = Assert.IsType<RealtimeServerEventResponseDone>(events[3]).Response;
        Assert.Equal((RealtimeResponseStatus.Failed, "server_error", "internal_error"), (failedResponse.Status, failedResponse.StatusDetails!.ErrorType, failedResponse.StatusDetails.ErrorCode));
        Assert.Null(failedResponse.Usage);
        RealtimeResponse cancelled = Assert.IsType<RealtimeServerEventResponseDone>(events[4]).Response;
        Assert.Equal((RealtimeResponseStatus.Cancelled, "turn_detected"), (cancelled.Status, cancelled.StatusDetails!.Reason));
    }

    [Fact]
    public void Parse_UnknownOrMalformedEvents_YieldsUnknownWithRawJsonNeverThrows()
    {
        // Arrange + Act
        string[] lines = ReadLines("unknown_event.jsonl");
        List<RealtimeServerEvent> events = Parse("unknown_event.jsonl", out List<string> audio);

        // Assert
        var buffered = Assert.IsType<RealtimeServerEventUnknown>(events[0]);
        Assert.Equal(("output_audio_buffer.started", lines[0]), (buffered.Type, buffered.RawJson));
        Assert.Equal("response.mcp_call.in_progress", Assert.IsType<RealtimeServerEventUnknown>(events[1]).Type);
        Assert.Equal(string.Empty, Assert.IsType<RealtimeServerEventUnknown>(events[2]).Type);
        Assert.Equal("[1,2,3]", Assert.IsType<RealtimeServerEventUnknown>(events[3]).RawJson);
        var badAudio = Assert.IsType<RealtimeServerEventUnknown>(events[4]);
        Assert.Equal("response.output_audio.delta", badAudio.Type);
        Assert.Empty(audio);
        var wrongKinds = Assert.IsType<RealtimeServerEventInputAudioBufferSpeechStarted>(events[5]);
        Assert.Equal(0, wrongKinds.AudioStartMs);
        Assert.Null(wrongKinds.ItemId);
        RealtimeRateLimit limit = Assert.Single(Assert.IsType<RealtimeServerEventRateLimitsUpdated>(events[6]).RateLimits);
        Assert.Equal((1000, 2, 1.5), (limit.Limit, limit.Remaining, limit.ResetSeconds));
    }

    [Fact]
    public void Parse_UnknownItemAndResponseValues_KeepsTheWireStrings()
    {
        // Arrange + Act
        List<RealtimeServerEvent> events = Parse("unknown_values.jsonl", out _);

        // Assert: values the SDK has no name for arrive as they were sent; empty ones are absent
        RealtimeItem item = Assert.IsType<RealtimeServerEventResponseOutputItemDone>(events[0]).Item;
        Assert.Equal(("web_search_call", "searching", "developer"), (item.Type?.Value, item.Status?.Value, item.Role?.Value));
        RealtimeResponse paused = Assert.IsType<RealtimeServerEventResponseDone>(events[1]).Response;
        Assert.Equal(new RealtimeResponseStatus("paused"), paused.Status);
        Assert.Equal(item.Type, Assert.Single(paused.Output).Type);
        RealtimeResponse blank = Assert.IsType<RealtimeServerEventResponseDone>(events[2]).Response;
        RealtimeItem blankItem = Assert.Single(blank.Output);
        Assert.Equal(("resp_V2", null, null, null, null), (blank.Id, blank.Status, blankItem.Type, blankItem.Status, blankItem.Role));
    }

    [Fact]
    public void Parse_BetaItemCreatedAndTextEvents_YieldsTypedEvents()
    {
        // Arrange + Act
        List<RealtimeServerEvent> events = Parse("beta_item_created.jsonl", out _);

        // Assert
        var created = Assert.IsType<RealtimeServerEventConversationItemCreated>(events[0]);
        Assert.Equal("item_U1", created.PreviousItemId);
        Assert.Equal(["audio", "text"], created.Item.Content.Select(c => c.Type));
        Assert.Equal("Hello there.", created.Item.Content[0].Transcript);
        Assert.Equal("Hello there.", created.Item.Content[1].Text);
        Assert.Equal("Summary: ", Assert.IsType<RealtimeServerEventResponseOutputTextDelta>(events[1]).Delta);
        Assert.Equal("Summary: Ada called.", Assert.IsType<RealtimeServerEventResponseOutputTextDone>(events[2]).Text);
        Assert.Equal("event_B4", Assert.IsType<RealtimeServerEventInputAudioBufferCleared>(events[3]).EventId);
        var truncated = Assert.IsType<RealtimeServerEventConversationItemTruncated>(events[4]);
        Assert.Equal(("item_A1", 0, 1320), (truncated.ItemId, truncated.ContentIndex, truncated.AudioEndMs));
        Assert.Equal("item_old_7", Assert.IsType<RealtimeServerEventConversationItemDeleted>(events[5]).ItemId);
    }

    // Parses each line with one parser, like the session does; audio deltas are reused, so their audio is copied
    // out (as hex) before the next line is parsed.
    private static List<RealtimeServerEvent> Parse(string file, out List<string> audioHex)
    {
        var events = new List<RealtimeServerEvent>();
        audioHex = new List<string>();
        using var parser = new ServerEventParser();
        foreach (string line in ReadLines(file))
        {
            RealtimeServerEvent e = parser.Parse(Encoding.UTF8.GetBytes(line));
            if (e is RealtimeServerEventResponseOutputAudioDelta delta)
            {
                audioHex.Add(Convert.ToHexString(delta.Audio.Span));
                Assert.Equal(("resp_R1", "item_A1", 0, 0), (delta.ResponseId, delta.ItemId, delta.OutputIndex, delta.ContentIndex));
                Assert.StartsWith("event_C1", delta.EventId, StringComparison.Ordinal);
            }

            events.Add(e);
        }

        return events;
    }

    private static string[] ReadLines(string file) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Transcripts", file)).Where(l => l.Length > 0).ToArray();
}
