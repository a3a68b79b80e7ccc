using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tests.Endpoint;

namespace RealtimeVoiceAgent.Twilio.Tests.Infrastructure;

/// <summary>
/// An in-memory store whose first step of a save (the duplicate-email lookup) waits for the test to open the gate, so a
/// test can act while a save is under way. Like a real database it honours cancellation: a save whose token is cancelled
/// before it writes is not written.
/// </summary>
internal sealed class GatedContactRepository : ForwardingContactRepository
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _saveStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Contact> _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task SaveStarted => _saveStarted.Task;

    /// <summary>The inserted contact, or an <see cref="System.OperationCanceledException"/> when the save was given up.</summary>
    public Task<Contact> Saved => _saved.Task;

    public void Open() => _gate.TrySetResult();

    public override async Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        _saveStarted.TrySetResult();
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return await Inner.FindByEmailAsync(normalizedEmail, cancellationToken);
        }
        catch (System.OperationCanceledException ex)
        {
            _saved.TrySetException(ex);
            throw;
        }
    }

    public override async Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inserted = await Inner.InsertAsync(contact, cancellationToken);
            _saved.TrySetResult(inserted);
            return inserted;
        }
        catch (System.OperationCanceledException ex)
        {
            _saved.TrySetException(ex);
            throw;
        }
    }
}
