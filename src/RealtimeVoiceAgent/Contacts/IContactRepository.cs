using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>Stores contacts. Every implementation passes the same contract test suite.</summary>
/// <remarks>
/// <para>Implementations are thread-safe and registered as singletons; calls from many concurrent calls are expected.</para>
/// <para>The normalized email is unique: an insert or update that would duplicate it throws <see cref="DuplicateContactException"/>.</para>
/// <para>Timestamps are kept in UTC with millisecond precision.</para>
/// </remarks>
public interface IContactRepository
{
    /// <summary>Stores a new contact.</summary>
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

    /// <summary>Changes the given fields of a contact atomically.</summary>
    /// <param name="id">The contact's id.</param>
    /// <param name="changes">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contact after the change, or <see langword="null"/> when there is none with that id.</returns>
    /// <exception cref="DuplicateContactException">The new email belongs to another contact.</exception>
    Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Lists the most recently created contacts, newest first.</summary>
    /// <param name="limit">The maximum number of contacts to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contacts.</returns>
    Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default);
}
