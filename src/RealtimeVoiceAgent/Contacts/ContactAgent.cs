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
/// <see cref="ContactCollector"/>'s instructions and this call's <c>save_contact</c>/<c>update_contact</c> tools, tells
/// the caller <c>contact_saved</c> or <c>contact_updated</c> with the stored contact, and ends the call with its
/// <c>end_call</c> tool once the caller has nothing more. Register it with <c>AddContactAgent()</c>.
/// </summary>
/// <remarks>
/// When the transport knows the caller's number (<see cref="CallContext.CallerPhoneNumber"/>, caller ID on a phone line),
/// the instructions tell the model to offer it ("is this the best number to reach you?") and to save it on a yes, so the
/// caller need not say ten digits. Digits the caller types on the keypad (typed input) are taken as the phone number.
/// </remarks>
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

    /// <summary>The name of the tool that ends the call (<see cref="CallContext.EndCall"/>) after the model's goodbye.</summary>
    public const string EndCallToolName = "end_call";

    /// <summary>What the agent adds to the collector's instructions on every call: typed input, and ending the call.</summary>
    public const string CallInstructions =
        """
        - The caller may type instead of speaking: digits on the phone keypad, or text typed on a web page. Typed input reaches you as a text message from the user. Digits typed when you ask for the phone number are the phone number: read them back digit by digit, and use them for save_contact once the caller confirms.
        - Once the contact is saved and the caller has nothing more (or does not want to leave their details), say a short goodbye, then call end_call. Do not call end_call while the caller still wants something.
        """;

    private static readonly JsonSerializerOptions s_contactJson = new()
    {
        // Contact fields are shown as text; this encoder keeps non-ASCII readable and still escapes HTML-significant characters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly CallContext _context;
    private readonly string _instructions;
    private readonly IReadOnlyList<AIFunction> _tools;
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
        _instructions = collector.Instructions + "\n" + CallInstructions + CallerNumberInstructions(collector.Normalizer, context.CallerPhoneNumber);
        _tools =
        [
            .. ContactTools.Functions,
            CreateTool(
                () =>
                {
                    context.EndCall();
                    return "The call ends once your goodbye has been played.";
                },
                EndCallToolName,
                "Ends the call after your current reply. Call it only after you said goodbye, when the contact is saved and the caller has nothing more."),
        ];
    }

    /// <summary>This call's contact tools (they remember the contact saved in this call).</summary>
    public ContactCallTools ContactTools { get; }

    /// <inheritdoc/>
    /// <remarks>The collector's instructions, then <see cref="CallInstructions"/>, then the caller's number to offer when it is known.</remarks>
    public override string Instructions => _instructions;

    /// <inheritdoc/>
    public override RealtimeVoice? Voice => RealtimeVoice.Alloy;

    /// <inheritdoc/>
    public override string? Greeting => GreetingInstructions;

    /// <inheritdoc/>
    /// <remarks><c>save_contact</c> and <c>update_contact</c> (<see cref="ContactTools"/>), then <c>end_call</c>.</remarks>
    public override IReadOnlyList<AIFunction> Tools => _tools;

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

    // The caller's number, when caller ID gave a valid one: offered instead of asking for ten digits.
    private static string CallerNumberInstructions(ContactNormalizer normalizer, string? callerPhoneNumber)
    {
        if (callerPhoneNumber is null || normalizer.NormalizePhone(callerPhoneNumber) is not { IsValid: true, Value: { } number })
        {
            return string.Empty;
        }

        return "\n" + $"""
            - The caller is calling from {number}. When you get to the phone number, offer this one instead of asking for it: read it back digit by digit and ask "Is this the best number to reach you?". If they say yes, pass exactly {number} as the phone to save_contact; if not, ask for the number they prefer.
            """;
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
