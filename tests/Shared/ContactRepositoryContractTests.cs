using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests;

/// <summary>
/// The one contract every <see cref="IContactRepository"/> passes. A store's test class derives from this and
/// creates an empty repository; a store that needs a server skips (visibly) when none is configured.
/// </summary>
public abstract class ContactRepositoryContractTests
{
    private static readonly DateTimeOffset s_baseTime = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates an empty repository for one test (call <c>Skip.If</c> here when the store is unavailable).</summary>
    protected abstract Task<IContactRepository> CreateRepositoryAsync();

    protected static Contact NewContact(int n, string? email = null, DateTimeOffset? createdAt = null, string? extension = null)
    {
        DateTimeOffset time = createdAt ?? s_baseTime.AddMinutes(n);
        return new Contact
        {
            Id = $"contact-{n:D4}-{Guid.NewGuid():N}",
            Name = $"Person {n}",
            Email = email ?? $"person{n}@example.com",
            Phone = $"+1555012{n % 10000:D4}",
            PhoneExtension = extension,
            RawName = $"person {n}",
            RawEmail = $"person {n} at example dot com",
            RawPhone = $"five five five oh one two {n}",
            CallId = $"call-{n}",
            CreatedAt = time,
            UpdatedAt = time,
        };
    }

    private static ContactChanges Changes(string? name = null, string? email = null, string? phone = null, string? extension = null, int minutesLater = 30) => new()
    {
        Name = name is null ? null : (name, name.ToLowerInvariant()),
        Email = email is null ? null : (email, email + " (raw)"),
        Phone = phone is null ? null : (phone, extension, phone + " (raw)"),
        UpdatedAt = s_baseTime.AddMinutes(minutesLater),
    };

    [SkippableFact]
    public async Task InsertAsync_NewContact_GetReturnsEqualContact()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1, extension: "12");

        // Act
        Contact inserted = await repository.InsertAsync(contact);
        Contact? stored = await repository.GetAsync(contact.Id);

        // Assert
        Assert.Equal(contact, inserted);
        Assert.Equal(contact, stored);
        Assert.Equal(TimeSpan.Zero, stored!.CreatedAt.Offset);
    }

    [SkippableFact]
    public async Task InsertAsync_NoExtension_RoundTripsNull()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(2);

        await repository.InsertAsync(contact);

        Assert.Null((await repository.GetAsync(contact.Id))!.PhoneExtension);
    }

    [SkippableFact]
    public async Task InsertAsync_SubMillisecondTimestamps_StoredAtMillisecondPrecision()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(3, createdAt: s_baseTime.AddTicks(12_345));

        Contact inserted = await repository.InsertAsync(contact);
        Contact? stored = await repository.GetAsync(contact.Id);

        Assert.Equal(s_baseTime.AddMilliseconds(1), stored!.CreatedAt);
        Assert.Equal(stored, inserted);
    }

    [SkippableFact]
    public async Task InsertAsync_DuplicateEmail_ThrowsDuplicateContactExceptionAndKeepsFirst()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact first = NewContact(1, email: "same@example.com");
        await repository.InsertAsync(first);

        // Act
        Task insertSecond = repository.InsertAsync(NewContact(2, email: "same@example.com"));

        // Assert
        await Assert.ThrowsAsync<DuplicateContactException>(() => insertSecond);
        Assert.Equal(first, Assert.Single(await repository.ListAsync(10)));
    }

    [SkippableFact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        await repository.InsertAsync(NewContact(1));

        Assert.Null(await repository.GetAsync("no-such-id"));
    }

    [SkippableFact]
    public async Task FindByEmailAsync_ExistingEmail_ReturnsContact()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);
        await repository.InsertAsync(NewContact(2));

        Assert.Equal(contact, await repository.FindByEmailAsync("person1@example.com"));
    }

    [SkippableFact]
    public async Task FindByEmailAsync_UnknownEmail_ReturnsNull()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        await repository.InsertAsync(NewContact(1));

        Assert.Null(await repository.FindByEmailAsync("nobody@example.com"));
    }

    [SkippableFact]
    public async Task UpdateAsync_SomeFields_ChangesOnlyThoseAndUpdatedAt()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1, extension: "12");
        await repository.InsertAsync(contact);
        ContactChanges changes = Changes(name: "Ada Lovelace");

        // Act
        Contact? updated = await repository.UpdateAsync(contact.Id, changes);

        // Assert
        Contact expected = contact with { Name = "Ada Lovelace", RawName = "ada lovelace", UpdatedAt = changes.UpdatedAt };
        Assert.Equal(expected, updated);
        Assert.Equal(expected, await repository.GetAsync(contact.Id));
    }

    [SkippableFact]
    public async Task UpdateAsync_AllFields_ChangesAll()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1, extension: "12");
        await repository.InsertAsync(contact);
        ContactChanges changes = Changes(name: "Grace Hopper", email: "grace@example.com", phone: "+15550199999", extension: "7");

        Contact? updated = await repository.UpdateAsync(contact.Id, changes);

        Assert.Equal(changes.ApplyTo(contact), updated);
        Assert.Equal("7", updated!.PhoneExtension);
        Assert.Equal(updated, await repository.FindByEmailAsync("grace@example.com"));
        Assert.Null(await repository.FindByEmailAsync(contact.Email));
    }

    [SkippableFact]
    public async Task UpdateAsync_PhoneWithoutExtension_ClearsExtension()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1, extension: "12");
        await repository.InsertAsync(contact);

        Contact? updated = await repository.UpdateAsync(contact.Id, Changes(phone: "+15550199999"));

        Assert.Null(updated!.PhoneExtension);
        Assert.Null((await repository.GetAsync(contact.Id))!.PhoneExtension);
    }

    [SkippableFact]
    public async Task UpdateAsync_UnknownId_ReturnsNull()
    {
        IContactRepository repository = await CreateRepositoryAsync();

        Assert.Null(await repository.UpdateAsync("no-such-id", Changes(name: "Ada")));
        Assert.Empty(await repository.ListAsync(10));
    }

    [SkippableFact]
    public async Task UpdateAsync_EmailOfAnotherContact_ThrowsDuplicateContactExceptionAndChangesNothing()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact first = NewContact(1);
        Contact second = NewContact(2);
        await repository.InsertAsync(first);
        await repository.InsertAsync(second);

        await Assert.ThrowsAsync<DuplicateContactException>(() => repository.UpdateAsync(second.Id, Changes(name: "Changed", email: first.Email)));

        Assert.Equal(second, await repository.GetAsync(second.Id));
    }

    [SkippableFact]
    public async Task UpdateAsync_SameEmailAgain_Succeeds()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);

        Contact? updated = await repository.UpdateAsync(contact.Id, Changes(email: contact.Email));

        Assert.Equal(contact.Email, updated!.Email);
    }

    [SkippableFact]
    public async Task ListAsync_SeveralContacts_ReturnsNewestFirstUpToLimit()
    {
        // Arrange: insert out of order.
        IContactRepository repository = await CreateRepositoryAsync();
        Contact[] contacts = [NewContact(3), NewContact(1), NewContact(4), NewContact(2)];
        foreach (Contact contact in contacts)
        {
            await repository.InsertAsync(contact);
        }

        // Act
        IReadOnlyList<Contact> newest = await repository.ListAsync(3);

        // Assert
        Assert.Equal(["person4@example.com", "person3@example.com", "person2@example.com"], newest.Select(c => c.Email));
    }

    [SkippableFact]
    public async Task ListAsync_Empty_ReturnsEmptyList()
    {
        IContactRepository repository = await CreateRepositoryAsync();

        Assert.Empty(await repository.ListAsync(5));
    }

    [SkippableFact]
    public async Task ListAsync_ZeroLimit_Throws()
    {
        IContactRepository repository = await CreateRepositoryAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.ListAsync(0));
    }

    [SkippableFact]
    public async Task InsertAsync_ConcurrentDistinctEmails_StoresAll()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact[] contacts = Enumerable.Range(1, 40).Select(n => NewContact(n)).ToArray();

        // Act
        await Task.WhenAll(contacts.Select(c => Task.Run(() => repository.InsertAsync(c))));

        // Assert
        IReadOnlyList<Contact> stored = await repository.ListAsync(100);
        Assert.Equal(contacts.OrderBy(c => c.Id, StringComparer.Ordinal), stored.OrderBy(c => c.Id, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task InsertAsync_ConcurrentSameEmail_ExactlyOneSucceeds()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact[] contacts = Enumerable.Range(1, 16).Select(n => NewContact(n, email: "race@example.com")).ToArray();

        Task<Contact>[] inserts = contacts.Select(c => Task.Run(() => repository.InsertAsync(c))).ToArray();
        try
        {
            await Task.WhenAll(inserts);
        }
        catch (DuplicateContactException)
        {
            // Expected for all but one; checked below.
        }

        Assert.Equal(1, inserts.Count(t => t.IsCompletedSuccessfully));
        Assert.All(inserts.Where(t => !t.IsCompletedSuccessfully), t => Assert.IsType<DuplicateContactException>(t.Exception!.InnerException));
        Contact winner = await inserts.Single(t => t.IsCompletedSuccessfully);
        Assert.Equal(winner, Assert.Single(await repository.ListAsync(100)));
    }

    [SkippableFact]
    public async Task UpdateAsync_ConcurrentUpdatesOfOneContact_EachAppliedAtomically()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);
        ContactChanges[] changes = Enumerable.Range(1, 20)
            .Select(n => Changes(name: $"Name {n}", phone: $"+1555019{n:D4}", extension: n.ToString(System.Globalization.CultureInfo.InvariantCulture), minutesLater: n))
            .ToArray();

        // Act
        Contact?[] results = await Task.WhenAll(changes.Select(c => Task.Run(() => repository.UpdateAsync(contact.Id, c))));

        // Assert: every update succeeded, and the stored contact is exactly one of them (never a mix of two).
        Assert.All(results, r => Assert.NotNull(r));
        Contact? final = await repository.GetAsync(contact.Id);
        Assert.Contains(final, changes.Select(c => c.ApplyTo(contact)));
    }

    [SkippableFact]
    public async Task InsertAndUpdate_ConcurrentAcrossContacts_AllVisible()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact[] contacts = Enumerable.Range(1, 20).Select(n => NewContact(n)).ToArray();

        await Task.WhenAll(contacts.Select(c => Task.Run(async () =>
        {
            await repository.InsertAsync(c);
            await repository.UpdateAsync(c.Id, Changes(name: "Updated " + c.CallId));
        })));

        IReadOnlyList<Contact> stored = await repository.ListAsync(100);
        Assert.Equal(20, stored.Count);
        Assert.All(stored, c => Assert.StartsWith("Updated call-", c.Name, StringComparison.Ordinal));
    }
}
