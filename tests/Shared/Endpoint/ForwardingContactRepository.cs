using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Tests.Endpoint;

/// <summary>
/// An in-memory store that passes every call to an <see cref="InMemoryContactRepository"/>: tests derive from it and
/// override only the step they hold or watch (a save under way during a drain or a hang-up).
/// </summary>
internal abstract class ForwardingContactRepository : IContactRepository
{
    protected InMemoryContactRepository Inner { get; } = new();

    public virtual Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default) => Inner.InsertAsync(contact, cancellationToken);

    public virtual Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default) => Inner.GetAsync(id, cancellationToken);

    public virtual Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default) => Inner.FindByEmailAsync(normalizedEmail, cancellationToken);

    public virtual Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default) => Inner.UpdateAsync(id, changes, cancellationToken);

    public virtual Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default) => Inner.ListAsync(limit, cancellationToken);

    public virtual Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, CancellationToken cancellationToken = default) => Inner.SearchAsync(query, after, limit, cancellationToken);

    public virtual Task<IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, CancellationToken cancellationToken = default) => Inner.GetHistoryAsync(contactId, cancellationToken);

    public virtual Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Inner.DeleteAsync(id, cancellationToken);

    public virtual Task SaveCallAsync(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript, CancellationToken cancellationToken = default) => Inner.SaveCallAsync(call, transcript, cancellationToken);

    public virtual Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, CancellationToken cancellationToken = default) => Inner.ListCallsAsync(after, limit, cancellationToken);

    public virtual Task<IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, CancellationToken cancellationToken = default) => Inner.ListCallsOfContactAsync(contactId, cancellationToken);

    public virtual Task<IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, CancellationToken cancellationToken = default) => Inner.GetTranscriptAsync(callId, cancellationToken);

    public virtual Task<int> PurgeCallsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default) => Inner.PurgeCallsAsync(startedBefore, cancellationToken);
}
