using System;
using System.Collections.Generic;
using System.Text.Json;
using RealtimeVoiceAgent.Events;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class RealtimeVoiceAgentModelFactoryTests
{
    [Fact]
    public void ResponseOutputAudioDelta_Values_AreTheEventsProperties()
    {
        // Arrange
        byte[] audio = [1, 2, 3, 4];

        // Act
        RealtimeServerEventResponseOutputAudioDelta delta = RealtimeVoiceAgentModelFactory.ResponseOutputAudioDelta("resp_1", "item_1", 2, 1, audio, "event_1");

        // Assert
        Assert.Equal(("response.output_audio.delta", "event_1"), (delta.Type, delta.EventId));
        Assert.Equal(("resp_1", "item_1", 2, 1), (delta.ResponseId, delta.ItemId, delta.OutputIndex, delta.ContentIndex));
        Assert.Equal(audio, delta.Audio.ToArray());
    }

    [Fact]
    public void ResponseDone_ResponseWithAFunctionCall_ExposesTheNestedModels()
    {
        // Arrange
        RealtimeItem call = RealtimeVoiceAgentModelFactory.Item(
            id: "item_fc1", type: RealtimeItemType.FunctionCall, status: RealtimeItemStatus.Completed, callId: "call_1", name: "save_contact", arguments: "{}");
        RealtimeResponse response = RealtimeVoiceAgentModelFactory.Response(
            id: "resp_1",
            status: RealtimeResponseStatus.Cancelled,
            statusDetails: RealtimeVoiceAgentModelFactory.ResponseStatusDetails(type: "cancelled", reason: "turn_detected"),
            usage: RealtimeVoiceAgentModelFactory.Usage(totalTokens: 30, inputTokens: 10, outputTokens: 20),
            output: [call]);

        // Act
        RealtimeServerEventResponseDone done = RealtimeVoiceAgentModelFactory.ResponseDone(response);

        // Assert
        Assert.Equal(("response.done", null), (done.Type, done.EventId));
        Assert.Equal((RealtimeResponseStatus.Cancelled, "turn_detected"), (done.Response.Status, done.Response.StatusDetails?.Reason));
        Assert.Equal((30, 10, 20), (done.Response.Usage!.TotalTokens, done.Response.Usage.InputTokens, done.Response.Usage.OutputTokens));
        RealtimeItem item = Assert.Single(done.Response.Output);
        Assert.Equal((RealtimeItemType.FunctionCall, "call_1", "save_contact", "{}"), (item.Type, item.CallId, item.Name, item.Arguments));
        Assert.Empty(item.Content);
    }

    [Fact]
    public void ResponseCreated_Response_TakesItsIdAsTheResponseId()
    {
        // Act
        RealtimeServerEventResponseCreated created = RealtimeVoiceAgentModelFactory.ResponseCreated(RealtimeVoiceAgentModelFactory.Response("resp_7", RealtimeResponseStatus.InProgress));

        // Assert
        Assert.Equal(("resp_7", RealtimeResponseStatus.InProgress), (created.ResponseId, created.Response.Status));
    }

    [Fact]
    public void ConversationItemAdded_MessageWithContent_CopiesTheParts()
    {
        // Arrange
        var parts = new List<RealtimeContentPart> { RealtimeVoiceAgentModelFactory.ContentPart("input_audio", transcript: "my name is Ada") };

        // Act
        RealtimeServerEventConversationItemAdded added = RealtimeVoiceAgentModelFactory.ConversationItemAdded(
            RealtimeVoiceAgentModelFactory.Item(id: "item_U1", type: RealtimeItemType.Message, role: RealtimeItemRole.User, content: parts), previousItemId: "item_0");
        parts.Clear();

        // Assert
        Assert.Equal(("conversation.item.added", "item_0", RealtimeItemRole.User), (added.Type, added.PreviousItemId, added.Item.Role));
        Assert.Equal("my name is Ada", Assert.Single(added.Item.Content).Transcript);
    }

    [Fact]
    public void Error_Details_AreTheEventsError()
    {
        // Act
        RealtimeServerEventError error = RealtimeVoiceAgentModelFactory.Error(
            RealtimeVoiceAgentModelFactory.ErrorDetails("invalid_request_error", "unknown_parameter", "Unknown parameter.", "session.foo", "evt_client_1"), "event_9");

        // Assert
        Assert.Equal(("error", "event_9"), (error.Type, error.EventId));
        Assert.Equal(("invalid_request_error", "unknown_parameter", "Unknown parameter.", "session.foo", "evt_client_1"), (error.Error.Type, error.Error.Code, error.Error.Message, error.Error.Param, error.Error.EventId));
    }

    [Fact]
    public void SessionCreated_SessionOfADisposedDocument_KeepsACopy()
    {
        // Arrange
        JsonElement session;
        using (JsonDocument document = JsonDocument.Parse("""{"id":"sess_1","model":"gpt-realtime"}"""))
        {
            // Act
            RealtimeServerEventSessionCreated created = RealtimeVoiceAgentModelFactory.SessionCreated("sess_1", "gpt-realtime", null, RealtimeVoice.Marin, document.RootElement);
            session = created.Session;
        }

        // Assert
        Assert.Equal("gpt-realtime", session.GetProperty("model").GetString());
    }

    [Fact]
    public void Unknown_TypeAndRawJson_AreKeptAsGiven()
    {
        // Act
        RealtimeServerEventUnknown unknown = RealtimeVoiceAgentModelFactory.Unknown("response.hologram.delta", """{"type":"response.hologram.delta"}""");

        // Assert
        Assert.Equal(("response.hologram.delta", """{"type":"response.hologram.delta"}""", null), (unknown.Type, unknown.RawJson, unknown.EventId));
    }

    [Fact]
    public void ConversationItemDone_NullItem_Throws()
    {
        // Act + Assert
        var thrown = Assert.Throws<ArgumentNullException>(() => RealtimeVoiceAgentModelFactory.ConversationItemDone(null!));
        Assert.Equal("item", thrown.ParamName);
    }
}
