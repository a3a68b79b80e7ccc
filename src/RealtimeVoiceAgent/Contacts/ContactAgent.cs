using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// The VoiceContacts agent: it greets the caller, collects their name, email and phone with the
/// <see cref="ContactCollector"/>'s instructions and this call's <c>save_contact</c>/<c>update_contact</c> tools, and tells
/// the caller <c>contact_saved</c> or <c>contact_updated</c> with the stored contact. Register it with
/// <c>AddContactAgent()</c>.
/// </summary>
public sealed class ContactAgent : VoiceAgent
{
    /// <summary>The name <c>AddContactAgent</c> registers it under.</summary>
    public const string DefaultName = "contacts";

    /// <summary>The seed's greeting instruction (the assistant's first reply).</summary>
    public const string GreetingInstructions = "Greet the caller warmly, say you will collect their contact details, and ask for their full name.";

    /// <summary>The caller event sent after a successful <c>save_contact</c>, with the contact as <c>data</c>.</summary>
    public const string ContactSavedEventType = "contact_saved";

    /// <summary>The caller event sent after a successful <c>update_contact</c>, with the contact as <c>data</c>.</summary>
    public const string ContactUpdatedEventType = "contact_updated";

    private static readonly JsonSerializerOptions s_contactJson = new()
    {
        // Contact fields are shown as text; this encoder keeps non-ASCII readable and still escapes HTML-significant characters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly CallContext _context;
    private readonly ContactCollector _collector;
    // Filled only when transcripts are kept; the hooks run one after another, so no lock is needed.
    private readonly List<CallTranscriptEntry> _transcript = [];

    /// <summary>Creates the agent of one call.</summary>
    /// <param name="context">The call.</param>
    /// <param name="collector">The application's contact collector.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ContactAgent(CallContext context, ContactCollector collector)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(collector);
        _context = context;
        _collector = collector;
        ContactTools = collector.CreateCallTools(context.CallId);
    }

    /// <summary>This call's contact tools (they remember the contact saved in this call).</summary>
    public ContactCallTools ContactTools { get; }

    /// <inheritdoc/>
    public override string Instructions => _collector.Instructions;

    /// <inheritdoc/>
    public override RealtimeVoice? Voice => RealtimeVoice.Alloy;

    /// <inheritdoc/>
    public override string? Greeting => GreetingInstructions;

    /// <inheritdoc/>
    public override IReadOnlyList<AIFunction> Tools => ContactTools.Functions;

    /// <inheritdoc/>
    public override ValueTask OnToolCompletedAsync(ToolInvocationResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded && result.Value is ContactStored stored)
        {
            var type = stored.Action == ContactStoreAction.Saved ? ContactSavedEventType : ContactUpdatedEventType;
            _context.SendEvent(CallerEvent.Create(type, ToCallerJson(stored.Contact)));
        }

        return default;
    }

    /// <inheritdoc/>
    /// <remarks>Keeps the line for the call record when <see cref="ContactCollectorOptions.StoreTranscripts"/> is on.</remarks>
    public override ValueTask OnTranscriptAsync(CallTranscript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (_collector.StoreTranscripts && transcript.Text.Length > 0)
        {
            _transcript.Add(new CallTranscriptEntry(transcript.Role, transcript.Text, Contact.TruncateToMilliseconds(_collector.TimeProvider.GetUtcNow())));
        }

        return default;
    }

    /// <inheritdoc/>
    /// <remarks>Stores the call's record: the relay's summary, the contact this call saved or changed, and the transcript when kept.</remarks>
    public override async ValueTask OnCallEndedAsync(CallSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        CallRecord record = CallRecord.FromSummary(summary, ContactTools.Contact?.Id);
        await _collector.Repository.SaveCallAsync(record, _transcript, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The caller's view of a contact (docs/client-protocol.md): id, name, email, phone (E.164), createdAt, updatedAt.</summary>
    internal static JsonElement ToCallerJson(Contact contact) => JsonSerializer.SerializeToElement(
        new CallerContact(contact.Id, contact.Name, contact.Email, contact.Phone, contact.CreatedAt, contact.UpdatedAt),
        s_contactJson);

    private sealed record CallerContact(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("email")] string Email,
        [property: System.Text.Json.Serialization.JsonPropertyName("phone")] string Phone,
        [property: System.Text.Json.Serialization.JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt);
}
