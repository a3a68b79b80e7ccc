using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>An <see cref="IContactRepository"/> in memory, for tests and samples; contacts are lost when the process ends.</summary>
/// <remarks>Thread-safe; it passes the same contract test suite as the SQLite and MongoDB stores.</remarks>
public sealed class InMemoryContactRepository : IContactRepository
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Contact> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ContactChange>> _history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallRecord> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallTranscriptEntry[]> _transcripts = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        cancellationToken.ThrowIfCancellationRequested();
        // Same precision as the real stores, so a test passes or fails the same way on each.
        Contact stored = contact with
        {
            CreatedAt = Contact.TruncateToMilliseconds(contact.CreatedAt),
            UpdatedAt = Contact.TruncateToMilliseconds(contact.UpdatedAt),
        };
        lock (_gate)
        {
            if (_idByEmail.ContainsKey(stored.Email))
            {
                return Task.FromException<Contact>(new DuplicateContactException());
            }

            if (!_byId.TryAdd(stored.Id, stored))
            {
                return Task.FromException<Contact>(new InvalidOperationException($"A contact with id '{stored.Id}' already exists."));
            }

            _idByEmail.Add(stored.Email, stored.Id);
            _history[stored.Id] = [.. ContactChange.Compare(null, stored, stored.CallId)];
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    public Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_idByEmail.TryGetValue(normalizedEmail, out string? id) ? _byId[id] : null);
        }
    }

    /// <inheritdoc/>
    public Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out Contact? current))
            {
                return Task.FromResult<Contact?>(null);
            }

            Contact updated = changes.ApplyTo(current) with { UpdatedAt = Contact.TruncateToMilliseconds(changes.UpdatedAt) };
            if (updated.Email != current.Email)
            {
                if (_idByEmail.ContainsKey(updated.Email))
                {
                    return Task.FromException<Contact?>(new DuplicateContactException());
                }

                _idByEmail.Remove(current.Email);
                _idByEmail.Add(updated.Email, id);
            }

            _byId[id] = updated;
            _history[id].AddRange(ContactChange.Compare(current, updated, changes.CallId));
            return Task.FromResult<Contact?>(updated);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Contact> newest = _byId.Values
                .OrderByDescending(c => c.CreatedAt)
                .ThenByDescending(c => c.Id, StringComparer.Ordinal)
                .Take(limit)
                .ToArray();
            return Task.FromResult(newest);
        }
    }

    /// <inheritdoc/>
    public Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        ContactSearch.GetQueryPrefixes(query); // validates the query's length
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Contact[] page = _byId.Values
                .Where(c => after is not { } cursor || cursor.Precedes(c.CreatedAt, c.Id))
                .Where(c => ContactSearch.Matches(c, query))
                .OrderByDescending(c => c.CreatedAt)
                .ThenByDescending(c => c.Id, StringComparer.Ordinal)
                .Take(limit + 1)
                .ToArray();
            return Task.FromResult(ToPage(page, limit));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ContactChange> history = _history.TryGetValue(contactId, out List<ContactChange>? changes) ? changes.ToArray() : [];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byId.Remove(id, out Contact? contact))
            {
                return Task.FromResult(false);
            }

            _idByEmail.Remove(contact.Email);
            _history.Remove(id);
            foreach (CallRecord call in _calls.Values.Where(c => c.ContactId == id).ToArray())
            {
                _calls[call.CallId] = call with { ContactId = null };
                _transcripts.Remove(call.CallId);
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task SaveCallAsync(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(transcript);
        cancellationToken.ThrowIfCancellationRequested();
        CallRecord stored = call with
        {
            StartedAt = Contact.TruncateToMilliseconds(call.StartedAt),
            EndedAt = Contact.TruncateToMilliseconds(call.EndedAt),
        };
        lock (_gate)
        {
            if (!_calls.TryAdd(stored.CallId, stored))
            {
                return Task.FromException(new InvalidOperationException($"A call record with id '{stored.CallId}' already exists."));
            }

            if (transcript.Count > 0)
            {
                _transcripts[stored.CallId] = transcript.Select(l => l with { At = Contact.TruncateToMilliseconds(l.At) }).ToArray();
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            CallRecord[] page = NewestFirst(_calls.Values.Where(c => after is not { } cursor || cursor.Precedes(c.StartedAt, c.CallId)))
                .Take(limit + 1)
                .ToArray();
            bool more = page.Length > limit;
            CallRecord[] items = more ? page[..limit] : page;
            return Task.FromResult(new CallRecordPage(items, more ? new PageCursor(items[^1].StartedAt, items[^1].CallId) : null));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<CallRecord> calls = NewestFirst(_calls.Values.Where(c => c.ContactId == contactId)).ToArray();
            return Task.FromResult(calls);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<CallTranscriptEntry> lines = _transcripts.TryGetValue(callId, out CallTranscriptEntry[]? transcript) ? transcript : [];
            return Task.FromResult(lines);
        }
    }

    /// <inheritdoc/>
    public Task<int> PurgeCallsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            string[] old = _calls.Values.Where(c => c.StartedAt < startedBefore).Select(c => c.CallId).ToArray();
            foreach (string callId in old)
            {
                _calls.Remove(callId);
                _transcripts.Remove(callId);
            }

            return Task.FromResult(old.Length);
        }
    }

    private static IEnumerable<CallRecord> NewestFirst(IEnumerable<CallRecord> calls) =>
        calls.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.CallId, StringComparer.Ordinal);

    private static ContactPage ToPage(Contact[] page, int limit)
    {
        bool more = page.Length > limit;
        Contact[] items = more ? page[..limit] : page;
        return new ContactPage(items, more ? new PageCursor(items[^1].CreatedAt, items[^1].Id) : null);
    }
}
