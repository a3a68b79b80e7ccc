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

    public Task SaveStarted => _saveStarted.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        _saveStarted.TrySetResult();
        await _gate.Task;
        return await _inner.FindByEmailAsync(normalizedEmail, cancellationToken);
    }

    public Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _inner.InsertAsync(contact, cancellationToken);
    }

    public Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

    public Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default) => _inner.UpdateAsync(id, changes, cancellationToken);

    public Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default) => _inner.ListAsync(limit, cancellationToken);
}
