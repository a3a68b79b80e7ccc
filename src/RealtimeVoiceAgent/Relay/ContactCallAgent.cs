using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>One call's agent: its session configuration and its own tool registry (the contact saved in this call lives in its tools).</summary>
internal sealed class ContactCallAgent : ICallAgent
{
    private readonly ToolRegistry _tools;

    public ContactCallAgent(ToolRegistry tools, string instructions)
    {
        _tools = tools;

        // The seed's session: instructions + tools, PCM16 24 kHz both ways, transcription of the caller, semantic VAD
        // (which also interrupts the reply by itself when the caller starts speaking).
        SessionConfiguration = new RealtimeSessionConfiguration
        {
            Instructions = instructions,
            Voice = RealtimeVoice.Alloy,
            InputTranscription = new RealtimeTranscriptionOptions { Model = "whisper-1" },
            TurnDetection = RealtimeTurnDetection.SemanticVad,
            ToolChoice = "auto",
        };
        foreach (var definition in _tools.Definitions)
        {
            SessionConfiguration.Tools.Add(definition);
        }
    }

    public RealtimeSessionConfiguration SessionConfiguration { get; }

    public RealtimeResponseOptions Greeting { get; } = new() { Instructions = ContactCallAgentFactory.GreetingInstructions };

    public async ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken)
    {
        var result = await _tools.InvokeAsync(callId, name, argumentsJson, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded && !result.IsDuplicate && result.Value is ContactStored stored)
        {
            var type = stored.Action == ContactStoreAction.Saved ? "contact_saved" : "contact_updated";
            return new CallToolOutcome(result.Output, type, SerializeContact(stored.Contact));
        }

        return new CallToolOutcome(result.Output, null, default);
    }

    /// <summary>The caller's view of a contact (docs/client-protocol.md): id, name, email, phone (E.164), createdAt, updatedAt.</summary>
    internal static ReadOnlyMemory<byte> SerializeContact(Contact contact)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", contact.Id);
            writer.WriteString("name", contact.Name);
            writer.WriteString("email", contact.Email);
            writer.WriteString("phone", contact.Phone);
            writer.WriteString("createdAt", contact.CreatedAt);
            writer.WriteString("updatedAt", contact.UpdatedAt);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
