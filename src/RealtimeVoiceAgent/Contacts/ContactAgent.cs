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
/// <see cref="ContactCollector"/>'s instructions and this call's <c>record_contact_field</c>/<c>save_contact</c>/<c>update_contact</c>
/// tools, tells the caller <c>contact_saved</c> or <c>contact_updated</c> with the stored contact, and ends the call with
/// its <c>end_call</c> tool once the caller has nothing more. Register it with <c>AddContactAgent()</c>.
/// </summary>
/// <remarks>
/// <para>Live form: every field the tools receive, heard or typed, valid or not, goes to the caller as
/// <c>contact_field</c>, so the page fills in as the caller speaks and flags what is wrong. The caller may type a field
/// (<c>contact_field_edit</c>, an app message): it goes through the same normalizer; valid, it is applied (an update of
/// the saved contact, or a save when it completes the form) and the model is told in a system message, answered after the
/// reply in progress; invalid, the caller sees why next to the field.</para>
/// <para>When the transport knows the caller's number (<see cref="CallContext.CallerPhoneNumber"/>, caller ID on a phone line),
/// the instructions tell the model to offer it ("is this the best number to reach you?") and to save it on a yes, so the
/// caller need not say ten digits. Digits the caller types on the keypad (typed input) are taken as the phone number.</para>
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

    /// <summary>
    /// The caller event sent for each field the tools receive, with <c>data</c>: <c>field</c> (name, email or phone),
    /// <c>value</c> (normalized, or null), <c>display</c> (how to show it, or null), <c>raw</c> (as said or typed),
    /// <c>valid</c>, <c>reason</c> (why not, or null) and <c>source</c> (<c>spoken</c> or <c>typed</c>).
    /// </summary>
    public const string ContactFieldEventType = "contact_field";

    /// <summary>The caller's message with a typed field: <c>{"type":"contact_field_edit","field":"email","value":"…"}</c>.</summary>
    public const string ContactFieldEditMessageType = "contact_field_edit";

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
        ContactTools.FieldReceived += (_, e) => _context.SendEvent(CallerEvent.Create(ContactFieldEventType, ToCallerJson(e)));
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
    /// <remarks><c>record_contact_field</c>, <c>save_contact</c> and <c>update_contact</c> (<see cref="ContactTools"/>), then <c>end_call</c>.</remarks>
    public override IReadOnlyList<AIFunction> Tools => _tools;

    /// <inheritdoc/>
    public override ValueTask OnToolCompletedAsync(ToolInvocationResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ContactStored? stored = result.Value switch
        {
            ContactStored saved => saved,
            ContactFieldRecorded recorded => recorded.Stored,
            _ => null,
        };
        if (result.Succeeded && stored is not null)
        {
            SendStored(stored);
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

    /// <inheritdoc/>
    /// <remarks>Handles <c>contact_field_edit</c>: see the class remarks. A malformed one gets a <c>bad_message</c> error.</remarks>
    public override async ValueTask<bool> OnAppMessageAsync(string type, JsonElement message, CancellationToken cancellationToken)
    {
        if (type != ContactFieldEditMessageType)
        {
            return false;
        }

        if (ReadFieldEdit(message) is not (ContactField field, string value))
        {
            _context.SendEvent(CallerEvent.ForError("bad_message", "\"contact_field_edit\" needs \"field\" (name, email or phone) and \"value\" (a string)."));
            return true;
        }

        ToolResult result = await ContactTools.EditFieldAsync(field, value, cancellationToken).ConfigureAwait(false);
        if (result.Value is ContactFieldRecorded recorded)
        {
            if (recorded.Stored is { } stored)
            {
                SendStored(stored);
            }

            // The model must stay consistent with the form; it answers after the reply in progress, never over it.
            _context.AddSystemMessage(TypedFieldMessage(recorded), respond: true);
        }

        return true;
    }

    private static (ContactField Field, string Value)? ReadFieldEdit(JsonElement message)
    {
        if (!message.TryGetProperty("field", out JsonElement field) || field.ValueKind != JsonValueKind.String
            || !message.TryGetProperty("value", out JsonElement value) || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return null;
        }

        try
        {
            ContactField? contactField = field.GetString() switch
            {
                "name" => ContactField.Name,
                "email" => ContactField.Email,
                "phone" => ContactField.Phone,
                _ => null,
            };
            return contactField is { } f ? (f, value.GetString() ?? string.Empty) : null;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid Unicode (a lone surrogate escape, "\ud800"): malformed like any other (found by fuzzing).
            return null;
        }
    }

    // What the model is told when the caller typed a field.
    private static string TypedFieldMessage(ContactFieldRecorded recorded)
    {
        string what = recorded.Field switch
        {
            ContactField.Name => "name",
            ContactField.Email => "email address",
            _ => "phone number",
        };
        string stored = recorded.Stored switch
        {
            { Action: ContactStoreAction.Saved } saved => $"With it the contact is now saved: {saved.ReadBack}. Tell the caller it is saved.",
            { } => "The saved contact was updated with it.",
            null => "It is not saved yet; save_contact still needs all three details.",
        };
        return $"The caller typed their {what} into the form on their screen: {recorded.DisplayValue} (read back as: {recorded.ReadBack}). "
            + $"It replaces any {what} you had. {stored} Use it as given and do not ask for it again.";
    }

    private void SendStored(ContactStored stored)
    {
        var type = stored.Action == ContactStoreAction.Saved ? ContactSavedEventType : ContactUpdatedEventType;
        _context.SendEvent(CallerEvent.Create(type, ToCallerJson(stored.Contact)));
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

    /// <summary>
    /// The caller's view of a contact (docs/client-protocol.md): id, name, email, phone (E.164), phoneDisplay (international
    /// format, with the extension), createdAt, updatedAt.
    /// </summary>
    internal static JsonElement ToCallerJson(Contact contact) => JsonSerializer.SerializeToElement(
        new CallerContact(contact.Id, contact.Name, contact.Email, contact.Phone, ContactNormalizer.FormatPhoneForDisplay(contact.Phone, contact.PhoneExtension), contact.CreatedAt, contact.UpdatedAt),
        s_contactJson);

    /// <summary>The caller's view of a field the tools received (<see cref="ContactFieldEventType"/>).</summary>
    internal static JsonElement ToCallerJson(ContactFieldEventArgs e) => JsonSerializer.SerializeToElement(
        new CallerField(e.Result.FieldName, e.Result.Value, e.Result.DisplayValue, e.Result.Raw, e.Result.IsValid, e.Result.Reason, e.Source == ContactFieldSource.Typed ? "typed" : "spoken"),
        s_contactJson);

    private sealed record CallerField(
        [property: System.Text.Json.Serialization.JsonPropertyName("field")] string Field,
        [property: System.Text.Json.Serialization.JsonPropertyName("value")] string? Value,
        [property: System.Text.Json.Serialization.JsonPropertyName("display")] string? Display,
        [property: System.Text.Json.Serialization.JsonPropertyName("raw")] string? Raw,
        [property: System.Text.Json.Serialization.JsonPropertyName("valid")] bool Valid,
        [property: System.Text.Json.Serialization.JsonPropertyName("reason")] string? Reason,
        [property: System.Text.Json.Serialization.JsonPropertyName("source")] string Source);

    private sealed record CallerContact(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("email")] string Email,
        [property: System.Text.Json.Serialization.JsonPropertyName("phone")] string Phone,
        [property: System.Text.Json.Serialization.JsonPropertyName("phoneDisplay")] string PhoneDisplay,
        [property: System.Text.Json.Serialization.JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt);
}
