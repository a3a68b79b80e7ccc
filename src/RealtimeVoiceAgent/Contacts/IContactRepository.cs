using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// Stores contacts, their change history, and the records (and, when kept, transcripts) of the calls that saved or
/// changed them. Every implementation passes the same contract test suite.
/// </summary>
/// <remarks>
/// <para>Implementations are thread-safe and registered as singletons; calls from many concurrent calls are expected.</para>
/// <para>The normalized email is unique: an insert or update that would duplicate it throws <see cref="DuplicateContactException"/>.</para>
/// <para>Timestamps are kept in UTC with millisecond precision.</para>
/// <para>Inserts and updates record <see cref="ContactChange"/>s with the contact, atomically.</para>
/// </remarks>
public interface IContactRepository
{
    /// <summary>Stores a new contact, and its fields as the first history entries (by <see cref="Contact.CallId"/>).</summary>
    /// <param name="contact">The contact, with its <see cref="Contact.Id"/> set.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored contact.</returns>
    /// <exception cref="DuplicateContactException">A contact with the same <see cref="Contact.Email"/> exists.</exception>
    Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default);

    /// <summary>Gets a contact by id.</summary>
    /// <param name="id">The contact's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contact, or <see langword="null"/> when there is none with that id.</returns>
    Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Finds the contact with a normalized email address.</summary>
    /// <param name="normalizedEmail">The email as <see cref="ContactNormalizer.NormalizeEmail"/> returns it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contact, or <see langword="null"/>.</returns>
    Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default);

    /// <summary>Changes the given fields of a contact atomically, with a history entry for each field whose value changed.</summary>
    /// <param name="id">The contact's id.</param>
    /// <param name="changes">The fields to change, and the call that changes them (<see cref="ContactChanges.CallId"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contact after the change, or <see langword="null"/> when there is none with that id.</returns>
    /// <exception cref="DuplicateContactException">The new email belongs to another contact.</exception>
    Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Lists the most recently created contacts, newest first.</summary>
    /// <param name="limit">The maximum number of contacts to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contacts.</returns>
    Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds contacts whose name (from any word on), email or phone starts with <paramref name="query"/>, ignoring case
    /// and accents (<see cref="ContactSearch"/>), newest first, one page at a time.
    /// </summary>
    /// <param name="query">The query; <see langword="null"/> or blank lists every contact.</param>
    /// <param name="after">Where the page starts: the previous page's <see cref="ContactPage.Next"/>; <see langword="null"/> for the first page.</param>
    /// <param name="limit">The page size, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The page, with the cursor of the next one when more contacts match.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and 1000.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is longer than <see cref="ContactSearch.MaxQueryLength"/>.</exception>
    Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Gets a contact's history in the order the changes were stored.</summary>
    /// <param name="contactId">The contact's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries; empty for an unknown contact.</returns>
    Task<IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a contact: the contact, its history and the transcripts of its calls are deleted, and its call records
    /// lose their <see cref="CallRecord.ContactId"/> (they keep no personal data).
    /// </summary>
    /// <param name="id">The contact's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the contact existed.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stores the record of a finished call, with its transcript.</summary>
    /// <param name="call">The call record.</param>
    /// <param name="transcript">The call's transcript lines in order; empty when transcripts are not kept.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    /// <exception cref="InvalidOperationException">A record with the same <see cref="CallRecord.CallId"/> exists.</exception>
    Task SaveCallAsync(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript, CancellationToken cancellationToken = default);

    /// <summary>Lists call records, newest first (by start time), one page at a time.</summary>
    /// <param name="after">Where the page starts: the previous page's <see cref="CallRecordPage.Next"/>; <see langword="null"/> for the first page.</param>
    /// <param name="limit">The page size, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and 1000.</exception>
    Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists the records of the calls that saved or changed a contact, newest first.</summary>
    /// <param name="contactId">The contact's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The call records; empty for an unknown contact.</returns>
    Task<IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, CancellationToken cancellationToken = default);

    /// <summary>Gets the stored transcript of a call.</summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The lines in order; empty when none were kept, or they were erased or purged.</returns>
    Task<IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the call records, and their transcripts, of the calls that started before a time (retention).</summary>
    /// <param name="startedBefore">The cut-off (UTC).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many call records were deleted.</returns>
    Task<int> PurgeCallsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default);
}
