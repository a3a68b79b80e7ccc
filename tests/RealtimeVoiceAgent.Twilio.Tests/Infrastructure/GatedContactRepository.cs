using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Twilio.Tests.Infrastructure;

/// <summary>
/// An in-memory store whose first step of a save (the duplicate-email lookup) waits for the test to open the gate, so a
/// test can act while a save is under way. Like a real database it honours cancellation: a save whose token is cancelled
/// before it writes is not written.
/// </summary>
internal sealed class GatedContactRepository : IContactRepository
{
    private readonly InMemoryContactRepository _inner = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _saveStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Contact> _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task SaveStarted => _saveStarted.Task;

    /// <summary>The inserted contact, or an <see cref="System.OperationCanceledException"/> when the save was given up.</summary>
    public Task<Contact> Saved => _saved.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        _saveStarted.TrySetResult();
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return await _inner.FindByEmailAsync(normalizedEmail, cancellationToken);
        }
        catch (System.OperationCanceledException ex)
        {
            _saved.TrySetException(ex);
            throw;
        }
    }

    public async Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inserted = await _inner.InsertAsync(contact, cancellationToken);
            _saved.TrySetResult(inserted);
            return inserted;
        }
        catch (System.OperationCanceledException ex)
        {
            _saved.TrySetException(ex);
            throw;
        }
    }

    public Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

    public Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default) => _inner.UpdateAsync(id, changes, cancellationToken);

    public Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default) => _inner.ListAsync(limit, cancellationToken);

    public Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, CancellationToken cancellationToken = default) => _inner.SearchAsync(query, after, limit, cancellationToken);

    public Task<IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, CancellationToken cancellationToken = default) => _inner.GetHistoryAsync(contactId, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => _inner.DeleteAsync(id, cancellationToken);

    public Task SaveCallAsync(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript, CancellationToken cancellationToken = default) => _inner.SaveCallAsync(call, transcript, cancellationToken);

    public Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, CancellationToken cancellationToken = default) => _inner.ListCallsAsync(after, limit, cancellationToken);

    public Task<IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, CancellationToken cancellationToken = default) => _inner.ListCallsOfContactAsync(contactId, cancellationToken);

    public Task<IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, CancellationToken cancellationToken = default) => _inner.GetTranscriptAsync(callId, cancellationToken);

    public Task<int> PurgeCallsAsync(System.DateTimeOffset startedBefore, CancellationToken cancellationToken = default) => _inner.PurgeCallsAsync(startedBefore, cancellationToken);
}
