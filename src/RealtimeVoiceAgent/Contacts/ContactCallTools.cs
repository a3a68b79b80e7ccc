using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// The <c>record_contact_field</c>, <c>save_contact</c> and <c>update_contact</c> tools of one call. They remember the
/// details heard so far and the contact saved in this call, so a second save updates it instead of creating a duplicate
/// and a correction changes it.
/// </summary>
/// <remarks>
/// <para>The tools return a <see cref="ToolResult"/>: on success its value is a <see cref="ContactFieldRecorded"/>
/// (<c>record_contact_field</c>) or a <see cref="ContactStored"/>, each with what to say to read the value back; on failure
/// its <see cref="ToolError"/> names the field and why (codes in <see cref="ContactToolErrorCodes"/>) and nothing is
/// stored.</para>
/// <para>Thread-safe: concurrent tool calls of one call are applied one at a time.</para>
/// </remarks>
public sealed partial class ContactCallTools
{
    private const int MaxSaveAttempts = 3;

    private readonly IContactRepository _repository;
    private readonly ContactNormalizer _normalizer;
    private readonly DuplicateEmailPolicy _duplicateEmailPolicy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Contact? _contact;

    // The latest valid value of each field heard or typed in this call (guarded by _gate).
    private readonly Dictionary<ContactField, ContactFieldResult> _fields = [];

    internal ContactCallTools(string callId, IContactRepository repository, ContactNormalizer normalizer, DuplicateEmailPolicy duplicateEmailPolicy, TimeProvider timeProvider, ILogger logger)
    {
        CallId = callId;
        _repository = repository;
        _normalizer = normalizer;
        _duplicateEmailPolicy = duplicateEmailPolicy;
        _timeProvider = timeProvider;
        _logger = logger;
        Functions =
        [
            ToolRegistry.CreateFunction(
                (
                    [Description("Which detail: name, email or phone.")] string field,
                    [Description("The detail as the caller said it (spoken forms are fine).")] string value,
                    CancellationToken cancellationToken) => RecordFieldAsync(field, value, cancellationToken),
                ContactCollector.RecordContactFieldToolName,
                "Records one contact detail as soon as the caller gives it; it appears on the caller's screen. Returns the value as it will be stored and a readBack to say to the caller, or an error saying what to ask for again."),
            ToolRegistry.CreateFunction(
                (
                    [Description("The caller's full name, as they said it.")] string name,
                    [Description("The caller's email address, as they said it (spoken forms like \"john dot smith at gmail dot com\" are fine).")] string email,
                    [Description("The caller's phone number, as they said it (digits or words, with country code if they gave one).")] string phone,
                    CancellationToken cancellationToken) => SaveContactAsync(name, email, phone, cancellationToken),
                ContactCollector.SaveContactToolName,
                "Saves the caller's contact once you have their name, email and phone. Returns the stored contact, or an error naming the field to ask for again."),
            ToolRegistry.CreateFunction(
                (
                    [Description("The corrected full name; omit if unchanged.")] string? name = null,
                    [Description("The corrected email address; omit if unchanged.")] string? email = null,
                    [Description("The corrected phone number; omit if unchanged.")] string? phone = null,
                    CancellationToken cancellationToken = default) => UpdateContactAsync(name, email, phone, cancellationToken),
                ContactCollector.UpdateContactToolName,
                "Corrects the contact saved earlier in this call. Pass only the fields that changed."),
        ];
    }

    /// <summary>The call these tools belong to.</summary>
    public string CallId { get; }

    /// <summary>The contact saved in this call as last stored, or <see langword="null"/> before a successful save.</summary>
    public Contact? Contact => Volatile.Read(ref _contact);

    /// <summary>The latest valid value of each field heard or typed in this call, saved or not.</summary>
    /// <returns>The fields, by <see cref="ContactField"/>.</returns>
    public IReadOnlyDictionary<ContactField, ContactFieldResult> GetFields()
    {
        lock (_fields)
        {
            return new Dictionary<ContactField, ContactFieldResult>(_fields);
        }
    }

    /// <summary>The <c>record_contact_field</c>, <c>save_contact</c> and <c>update_contact</c> functions, to add to this call's <see cref="ToolRegistry"/>.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    /// <summary>
    /// Raised for every field the tools receive, valid or not: as the model records or saves what the caller said, and as
    /// the caller types. <see cref="ContactAgent"/> shows it on the caller's form (<c>contact_field</c>).
    /// </summary>
    /// <remarks>Raised on the thread of the tool or edit, before its result is returned; a handler should only queue work.</remarks>
    public event EventHandler<ContactFieldEventArgs>? FieldReceived;

    /// <summary>Normalizes and validates one detail as the caller gives it (the <c>record_contact_field</c> tool).</summary>
    /// <param name="field">Which detail: <c>name</c>, <c>email</c> or <c>phone</c>.</param>
    /// <param name="value">The detail as said.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A <see cref="ContactFieldRecorded"/> with the value and its read-back, or an error naming the invalid field.</returns>
    /// <remarks>The value is remembered for this call. When a contact was already saved in this call, it is updated with the value.</remarks>
    public async Task<ToolResult> RecordFieldAsync(string? field, string? value, CancellationToken cancellationToken = default)
    {
        if (!TryParseField(field, out ContactField contactField))
        {
            return ToolResult.Failure(new ToolError(ContactToolErrorCodes.InvalidField, "\"field\" must be name, email or phone.", "field"));
        }

        ContactFieldResult result = _normalizer.Normalize(contactField, value);
        Received(ContactFieldSource.Spoken, result);
        return InvalidFieldsError(result) ?? await ApplyFieldAsync(result, ContactFieldSource.Spoken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a detail the caller typed into the form on their screen, through the same normalizer: valid, it is
    /// remembered, and stored when a contact was saved in this call (an update) or when it completes the name, email and
    /// phone (a save); invalid, nothing changes.
    /// </summary>
    /// <param name="field">The field typed.</param>
    /// <param name="value">What the caller typed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A <see cref="ContactFieldRecorded"/> (with <see cref="ContactFieldRecorded.Stored"/> when it saved or updated the
    /// contact), or an error saying why the value was not taken.</returns>
    /// <remarks><see cref="FieldReceived"/> is raised with the outcome (<see cref="ContactFieldSource.Typed"/>), so the caller
    /// sees a refusal next to the field, including an email that belongs to another contact.</remarks>
    public async Task<ToolResult> EditFieldAsync(ContactField field, string? value, CancellationToken cancellationToken = default)
    {
        ContactFieldResult result = _normalizer.Normalize(field, value);
        if (InvalidFieldsError(result) is { } invalid)
        {
            Received(ContactFieldSource.Typed, result);
            return invalid;
        }

        ToolResult applied = await ApplyFieldAsync(result, ContactFieldSource.Typed, cancellationToken).ConfigureAwait(false);
        if (applied.Succeeded)
        {
            Received(ContactFieldSource.Typed, result);
        }

        return FlagDuplicateEmail(applied, value, ContactFieldSource.Typed);
    }

    // An email refused because another contact has it is shown as refused next to the field.
    private ToolResult FlagDuplicateEmail(ToolResult result, string? email, ContactFieldSource source)
    {
        if (result.Error?.Code == ContactToolErrorCodes.DuplicateEmail)
        {
            Received(source, ContactFieldResult.Failure(ContactField.Email, email,
                "is already the email of another saved contact; ask the caller whether they have another email address."));
        }

        return result;
    }

    // Remembers a valid field and stores it: an update of the contact saved in this call, or (typed) a save once the
    // name, email and phone are all known.
    private async Task<ToolResult> ApplyFieldAsync(ContactFieldResult result, ContactFieldSource source, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ToolResult? stored = null;
            if (_contact is { } saved)
            {
                stored = await UpdateStoredAsync(saved.Id, CreateChanges(result), ContactStoreAction.Updated, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    // Deleted elsewhere meanwhile: what is typed next may save it again.
                    Volatile.Write(ref _contact, null);
                }
            }
            else if (source == ContactFieldSource.Typed && CompleteWith(result) is { } complete)
            {
                // A form completed by typing is saved, as save_contact would: the caller sees what is stored.
                stored = await SaveNewAsync(complete.Email!.Value!, CreateChanges(complete.Name, complete.Email, complete.Phone), cancellationToken).ConfigureAwait(false);
            }

            if (stored is { Succeeded: false })
            {
                return stored;
            }

            Remember(result);
            return ToolResult.Success(new ContactFieldRecorded(result, stored?.Value as ContactStored));
        }
        finally
        {
            _gate.Release();
        }
    }

    // The three fields with this one, when all are known.
    private (ContactFieldResult? Name, ContactFieldResult? Email, ContactFieldResult? Phone)? CompleteWith(ContactFieldResult result)
    {
        lock (_fields)
        {
            ContactFieldResult? Get(ContactField field) => field == result.Field ? result : _fields.GetValueOrDefault(field);
            (ContactFieldResult? name, ContactFieldResult? email, ContactFieldResult? phone) = (Get(ContactField.Name), Get(ContactField.Email), Get(ContactField.Phone));
            return name is null || email is null || phone is null ? null : (name, email, phone);
        }
    }

    private void Received(ContactFieldSource source, params ContactFieldResult?[] results)
    {
        foreach (ContactFieldResult? result in results)
        {
            if (result is not null)
            {
                FieldReceived?.Invoke(this, new ContactFieldEventArgs(result, source));
            }
        }
    }

    /// <summary>Normalizes, validates and stores the caller's contact (the <c>save_contact</c> tool).</summary>
    /// <param name="name">The name as said.</param>
    /// <param name="email">The email as said.</param>
    /// <param name="phone">The phone number as said.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A <see cref="ContactStored"/> with <see cref="ContactStoreAction.Saved"/>, or an error naming the invalid field.</returns>
    /// <remarks>
    /// The first save in a call inserts a contact, unless the email belongs to a contact from an earlier call, which
    /// <see cref="DuplicateEmailPolicy"/> decides. Later saves in the same call update the same contact.
    /// </remarks>
    public async Task<ToolResult> SaveContactAsync(string? name, string? email, string? phone, CancellationToken cancellationToken = default) =>
        FlagDuplicateEmail(await SaveCoreAsync(name, email, phone, cancellationToken).ConfigureAwait(false), email, ContactFieldSource.Spoken);

    private async Task<ToolResult> SaveCoreAsync(string? name, string? email, string? phone, CancellationToken cancellationToken)
    {
        ContactFieldResult normalizedName = _normalizer.NormalizeName(name);
        ContactFieldResult normalizedEmail = _normalizer.NormalizeEmail(email);
        ContactFieldResult normalizedPhone = _normalizer.NormalizePhone(phone);
        Received(ContactFieldSource.Spoken, normalizedName, normalizedEmail, normalizedPhone);
        if (InvalidFieldsError(normalizedName, normalizedEmail, normalizedPhone) is { } invalid)
        {
            return invalid;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Remember(normalizedName, normalizedEmail, normalizedPhone);
            ContactChanges changes = CreateChanges(normalizedName, normalizedEmail, normalizedPhone);
            if (_contact is { } saved)
            {
                // One contact per call: a second save replaces the details of the first.
                ToolResult? updated = await UpdateStoredAsync(saved.Id, changes, ContactStoreAction.Saved, cancellationToken).ConfigureAwait(false);
                if (updated is not null)
                {
                    return updated;
                }
            }

            return await SaveNewAsync(normalizedEmail.Value!, changes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Changes the given fields of the contact saved in this call (the <c>update_contact</c> tool).</summary>
    /// <param name="name">The corrected name, or <see langword="null"/>/empty to keep it.</param>
    /// <param name="email">The corrected email, or <see langword="null"/>/empty to keep it.</param>
    /// <param name="phone">The corrected phone number, or <see langword="null"/>/empty to keep it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A <see cref="ContactStored"/> with <see cref="ContactStoreAction.Updated"/>, or an error (nothing saved yet, no fields, an invalid field).</returns>
    public async Task<ToolResult> UpdateContactAsync(string? name = null, string? email = null, string? phone = null, CancellationToken cancellationToken = default) =>
        FlagDuplicateEmail(await UpdateCoreAsync(name, email, phone, cancellationToken).ConfigureAwait(false), email, ContactFieldSource.Spoken);

    private async Task<ToolResult> UpdateCoreAsync(string? name, string? email, string? phone, CancellationToken cancellationToken)
    {
        ContactFieldResult? normalizedName = string.IsNullOrWhiteSpace(name) ? null : _normalizer.NormalizeName(name);
        ContactFieldResult? normalizedEmail = string.IsNullOrWhiteSpace(email) ? null : _normalizer.NormalizeEmail(email);
        ContactFieldResult? normalizedPhone = string.IsNullOrWhiteSpace(phone) ? null : _normalizer.NormalizePhone(phone);
        if (normalizedName is null && normalizedEmail is null && normalizedPhone is null)
        {
            return ToolResult.Failure(new ToolError(ContactToolErrorCodes.NoChanges, "Pass at least one of name, email or phone with the corrected value."));
        }

        Received(ContactFieldSource.Spoken, normalizedName, normalizedEmail, normalizedPhone);

        if (InvalidFieldsError(normalizedName, normalizedEmail, normalizedPhone) is { } invalid)
        {
            return invalid;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Remember(normalizedName, normalizedEmail, normalizedPhone);
            if (_contact is not { } saved)
            {
                return ToolResult.Failure(new ToolError(
                    ContactToolErrorCodes.NoContact,
                    "Nothing has been saved in this call yet. Collect the name, email and phone, then call save_contact with all three."));
            }

            ContactChanges changes = CreateChanges(normalizedName, normalizedEmail, normalizedPhone);
            ToolResult? updated = await UpdateStoredAsync(saved.Id, changes, ContactStoreAction.Updated, cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return updated;
            }

            Volatile.Write(ref _contact, null);
            return ToolResult.Failure(new ToolError(
                ContactToolErrorCodes.NoContact,
                "The contact saved earlier in this call no longer exists. Call save_contact again with the name, email and phone."));
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ToolResult> SaveNewAsync(string email, ContactChanges changes, CancellationToken cancellationToken)
    {
        // Find-then-insert races with other calls saving the same email; the unique index catches that and we look again.
        for (int attempt = 1; ; attempt++)
        {
            Contact? existing = await _repository.FindByEmailAsync(email, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (_duplicateEmailPolicy == DuplicateEmailPolicy.Reject)
                {
                    LogDuplicateEmailRejected(CallId, existing.Id);
                    return DuplicateEmailError();
                }

                ToolResult? updated = await UpdateStoredAsync(existing.Id, changes, ContactStoreAction.Saved, cancellationToken).ConfigureAwait(false);
                if (updated is not null)
                {
                    LogEarlierContactUpdated(CallId, existing.Id, existing.CallId);
                    return updated;
                }
            }
            else
            {
                Contact contact = changes.ApplyTo(new Contact
                {
                    Id = Guid.CreateVersion7().ToString("N"),
                    Name = string.Empty,
                    Email = string.Empty,
                    Phone = string.Empty,
                    RawName = string.Empty,
                    RawEmail = string.Empty,
                    RawPhone = string.Empty,
                    CallId = CallId,
                    CreatedAt = changes.UpdatedAt,
                    UpdatedAt = changes.UpdatedAt,
                });
                try
                {
                    Contact inserted = await _repository.InsertAsync(contact, cancellationToken).ConfigureAwait(false);
                    return Stored(ContactStoreAction.Saved, inserted, isNew: true);
                }
                catch (DuplicateContactException) when (attempt < MaxSaveAttempts)
                {
                    // Another call inserted this email after our lookup: look again and apply the policy to its contact.
                }
            }

            if (attempt >= MaxSaveAttempts)
            {
                return DuplicateEmailError();
            }
        }
    }

    // Returns null when the contact no longer exists.
    private async Task<ToolResult?> UpdateStoredAsync(string id, ContactChanges changes, ContactStoreAction action, CancellationToken cancellationToken)
    {
        Contact? updated;
        try
        {
            updated = await _repository.UpdateAsync(id, changes, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateContactException)
        {
            LogDuplicateEmailRejected(CallId, id);
            return DuplicateEmailError();
        }

        return updated is null ? null : Stored(action, updated, isNew: false);
    }

    private ToolResult Stored(ContactStoreAction action, Contact contact, bool isNew)
    {
        Volatile.Write(ref _contact, contact);
        if (action == ContactStoreAction.Saved)
        {
            LogSaved(CallId, contact.Id, isNew);
        }
        else
        {
            LogUpdated(CallId, contact.Id);
        }

        LogStoredValues(contact.Id, contact.Name, contact.Email, contact.Phone);
        return ToolResult.Success(new ContactStored(action, contact, isNew) { ReadBack = _normalizer.ReadBack(contact) });
    }

    private void Remember(params ContactFieldResult?[] results)
    {
        lock (_fields)
        {
            foreach (ContactFieldResult? result in results)
            {
                if (result is { IsValid: true })
                {
                    _fields[result.Field] = result;
                }
            }
        }
    }

    private static bool TryParseField(string? field, out ContactField contactField)
    {
        switch (field?.Trim().ToLowerInvariant())
        {
            case "name":
                contactField = ContactField.Name;
                return true;
            case "email":
                contactField = ContactField.Email;
                return true;
            case "phone":
                contactField = ContactField.Phone;
                return true;
            default:
                contactField = default;
                return false;
        }
    }

    private ContactChanges CreateChanges(ContactFieldResult field) => CreateChanges(
        field.Field == ContactField.Name ? field : null,
        field.Field == ContactField.Email ? field : null,
        field.Field == ContactField.Phone ? field : null);

    private ContactChanges CreateChanges(ContactFieldResult? name, ContactFieldResult? email, ContactFieldResult? phone) => new()
    {
        Name = name is null ? null : (name.Value!, name.Raw!),
        Email = email is null ? null : (email.Value!, email.Raw!),
        Phone = phone is null ? null : (phone.Value!, phone.Extension, phone.Raw!),
        CallId = CallId,
        UpdatedAt = Contact.TruncateToMilliseconds(_timeProvider.GetUtcNow()),
    };

    private ToolResult? InvalidFieldsError(params ContactFieldResult?[] results)
    {
        var messages = new List<string>();
        string? firstField = null;
        foreach (ContactFieldResult? result in results)
        {
            if (result is { IsValid: false })
            {
                firstField ??= result.FieldName;
                messages.Add($"{result.FieldName}: {result.Error}");
            }
        }

        if (firstField is null)
        {
            return null;
        }

        LogInvalidFields(CallId, string.Join(", ", ListInvalidFieldNames(results)));
        return ToolResult.Failure(new ToolError(
            ContactToolErrorCodes.InvalidField,
            string.Join(" ", messages) + " Nothing was saved; ask the caller for this again.",
            firstField));
    }

    private static IEnumerable<string> ListInvalidFieldNames(ContactFieldResult?[] results)
    {
        foreach (ContactFieldResult? result in results)
        {
            if (result is { IsValid: false })
            {
                yield return result.FieldName;
            }
        }
    }

    private static ToolResult DuplicateEmailError() => ToolResult.Failure(new ToolError(
        ContactToolErrorCodes.DuplicateEmail,
        "email: this address already belongs to another saved contact. Ask the caller whether they have another email address.",
        "email"));
}
