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
}
