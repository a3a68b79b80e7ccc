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

    private static ContactChanges Changes(string? name = null, string? email = null, string? phone = null, string? extension = null, int minutesLater = 30, string? callId = null) => new()
    {
        CallId = callId,
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

    // ---- search and paging ----

    private static Contact Person(int n, string name, string email, string phone) => NewContact(n, email: email) with { Name = name, Phone = phone };

    private static async Task<IReadOnlyList<string>> SearchNamesAsync(IContactRepository repository, string? query) =>
        (await repository.SearchAsync(query, null, 100)).Items.Select(c => c.Name).ToArray();

    [SkippableFact]
    public async Task SearchAsync_NamePrefixOfAnyWord_IgnoresCaseAndAccents()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        await repository.InsertAsync(Person(1, "Ada Lovelace", "ada@example.com", "+14155550101"));
        await repository.InsertAsync(Person(2, "José Álvarez", "jose@example.org", "+442071838750"));
        await repository.InsertAsync(Person(3, "Grace Hopper", "grace@navy.mil", "+12025550199"));

        // Act + Assert
        Assert.Equal(["Ada Lovelace"], await SearchNamesAsync(repository, "LOVE"));
        Assert.Equal(["Ada Lovelace"], await SearchNamesAsync(repository, "ada l"));
        Assert.Equal(["José Álvarez"], await SearchNamesAsync(repository, "jose alv"));
        Assert.Equal(["José Álvarez"], await SearchNamesAsync(repository, "  ÁLVAREZ "));
        Assert.Empty(await SearchNamesAsync(repository, "ovelace"));
    }

    [SkippableFact]
    public async Task SearchAsync_EmailAndPhonePrefixes_Match()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        await repository.InsertAsync(Person(1, "Ada Lovelace", "ada@example.com", "+14155550101"));
        await repository.InsertAsync(Person(2, "José Álvarez", "jose@example.org", "+442071838750"));
        await repository.InsertAsync(Person(3, "Grace Hopper", "grace@navy.mil", "+12025550199"));

        Assert.Equal(["Grace Hopper"], await SearchNamesAsync(repository, "GRACE@N"));
        Assert.Equal(["José Álvarez"], await SearchNamesAsync(repository, "jose@"));
        Assert.Equal(["Ada Lovelace"], await SearchNamesAsync(repository, "+1 415"));
        Assert.Equal(["Ada Lovelace"], await SearchNamesAsync(repository, "(415) 555-01"));
        Assert.Equal(["José Álvarez"], await SearchNamesAsync(repository, "20 7183"));
        Assert.Equal(["Grace Hopper", "Ada Lovelace"], await SearchNamesAsync(repository, "1"));
        Assert.Empty(await SearchNamesAsync(repository, "555"));
    }

    [SkippableFact]
    public async Task SearchAsync_NoQuery_ListsEveryContactNewestFirst()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        foreach (int n in new[] { 2, 3, 1 })
        {
            await repository.InsertAsync(NewContact(n));
        }

        ContactPage page = await repository.SearchAsync("   ", null, 10);

        Assert.Equal(["Person 3", "Person 2", "Person 1"], page.Items.Select(c => c.Name));
        Assert.Null(page.Next);
    }

    [SkippableFact]
    public async Task SearchAsync_Pages_WalkEveryMatchOnceNewestFirstWithTiesById()
    {
        // Arrange: 23 contacts, several created at the same millisecond, inserted out of order.
        IContactRepository repository = await CreateRepositoryAsync();
        Contact[] contacts = Enumerable.Range(1, 23)
            .Select(n => NewContact(n, createdAt: s_baseTime.AddMinutes(n / 3)))
            .OrderBy(c => c.Email, StringComparer.Ordinal)
            .ToArray();
        foreach (Contact contact in contacts)
        {
            await repository.InsertAsync(contact);
        }

        // Act: pages of 5
        var seen = new List<Contact>();
        PageCursor? cursor = null;
        int pages = 0;
        do
        {
            ContactPage page = await repository.SearchAsync(null, cursor, 5);
            Assert.True(page.Items.Count == 5 || page.Next is null);
            seen.AddRange(page.Items);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        // Assert
        Assert.Equal(5, pages);
        Assert.Equal(
            contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id),
            seen.Select(c => c.Id));
    }

    [SkippableFact]
    public async Task SearchAsync_NewContactsAfterFirstPage_DoNotShiftLaterPages()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        for (int n = 1; n <= 6; n++)
        {
            await repository.InsertAsync(NewContact(n));
        }

        ContactPage first = await repository.SearchAsync(null, null, 3);
        await repository.InsertAsync(NewContact(7));
        ContactPage second = await repository.SearchAsync(null, first.Next, 3);

        Assert.Equal(["Person 6", "Person 5", "Person 4"], first.Items.Select(c => c.Name));
        Assert.Equal(["Person 3", "Person 2", "Person 1"], second.Items.Select(c => c.Name));
        Assert.Null(second.Next);
    }

    [SkippableFact]
    public async Task SearchAsync_QueryWithCursor_PagesThroughMatchesOnly()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        for (int n = 1; n <= 9; n++)
        {
            await repository.InsertAsync(NewContact(n) with { Name = n % 2 == 0 ? $"Even Person {n}" : $"Odd Person {n}" });
        }

        ContactPage first = await repository.SearchAsync("even", null, 3);
        ContactPage second = await repository.SearchAsync("even", first.Next, 3);

        Assert.Equal(["Even Person 8", "Even Person 6", "Even Person 4"], first.Items.Select(c => c.Name));
        Assert.Equal(["Even Person 2"], second.Items.Select(c => c.Name));
        Assert.Null(second.Next);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task SearchAsync_LimitOutOfRange_Throws(int limit)
    {
        IContactRepository repository = await CreateRepositoryAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.SearchAsync(null, null, limit));
    }

    [SkippableFact]
    public async Task SearchAsync_QueryTooLong_ThrowsArgumentException()
    {
        IContactRepository repository = await CreateRepositoryAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => repository.SearchAsync(new string('a', ContactSearch.MaxQueryLength + 1), null, 10));
    }

    [SkippableFact]
    public async Task SearchAsync_AfterEmailChange_FindsNewEmailOnly()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);

        await repository.UpdateAsync(contact.Id, Changes(email: "new.address@example.net", name: "Renamed Person"));

        Assert.Equal(["Renamed Person"], await SearchNamesAsync(repository, "new.addr"));
        Assert.Empty(await SearchNamesAsync(repository, "person1@"));
        Assert.Empty(await SearchNamesAsync(repository, "person 1"));
    }

    // ---- history ----

    [SkippableFact]
    public async Task GetHistoryAsync_InsertThenUpdates_RecordsEveryChangedFieldWithOldNewCallAndTime()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1, extension: "12");
        await repository.InsertAsync(contact);

        // Act: a correction of the email, then a new phone without the extension and the same name (not a change)
        await repository.UpdateAsync(contact.Id, Changes(email: "ada@example.org", minutesLater: 10, callId: "call-2"));
        await repository.UpdateAsync(contact.Id, Changes(name: contact.Name, phone: "+15550199999", minutesLater: 20, callId: "call-3"));
        IReadOnlyList<ContactChange> history = await repository.GetHistoryAsync(contact.Id);

        // Assert
        Assert.Equal(
            [
                new ContactChange { ContactId = contact.Id, Field = ContactField.Name, OldValue = null, NewValue = "Person 1", CallId = "call-1", ChangedAt = contact.CreatedAt },
                new ContactChange { ContactId = contact.Id, Field = ContactField.Email, OldValue = null, NewValue = "person1@example.com", CallId = "call-1", ChangedAt = contact.CreatedAt },
                new ContactChange { ContactId = contact.Id, Field = ContactField.Phone, OldValue = null, NewValue = "+15550120001 ext. 12", CallId = "call-1", ChangedAt = contact.CreatedAt },
                new ContactChange { ContactId = contact.Id, Field = ContactField.Email, OldValue = "person1@example.com", NewValue = "ada@example.org", CallId = "call-2", ChangedAt = s_baseTime.AddMinutes(10) },
                new ContactChange { ContactId = contact.Id, Field = ContactField.Phone, OldValue = "+15550120001 ext. 12", NewValue = "+15550199999", CallId = "call-3", ChangedAt = s_baseTime.AddMinutes(20) },
            ],
            history);
    }

    [SkippableFact]
    public async Task GetHistoryAsync_RejectedDuplicateEmail_RecordsNothing()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact first = NewContact(1);
        Contact second = NewContact(2);
        await repository.InsertAsync(first);
        await repository.InsertAsync(second);

        await Assert.ThrowsAsync<DuplicateContactException>(() => repository.UpdateAsync(second.Id, Changes(name: "Changed", email: first.Email)));

        Assert.Equal(3, (await repository.GetHistoryAsync(second.Id)).Count);
    }

    [SkippableFact]
    public async Task GetHistoryAsync_ConcurrentUpdates_EachEntryChainsFromThePreviousValue()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);

        // Act
        await Task.WhenAll(Enumerable.Range(1, 12).Select(n => Task.Run(() => repository.UpdateAsync(contact.Id, Changes(name: $"Name {n}", minutesLater: n)))));

        // Assert: every update is one entry, and each old value is the value the entry before it set (no lost update).
        ContactChange[] names = (await repository.GetHistoryAsync(contact.Id)).Where(c => c.Field == ContactField.Name).ToArray();
        Assert.Equal(13, names.Length);
        for (int i = 1; i < names.Length; i++)
        {
            Assert.Equal(names[i - 1].NewValue, names[i].OldValue);
        }

        Assert.Equal(names[^1].NewValue, (await repository.GetAsync(contact.Id))!.Name);
    }

    // ---- calls, transcripts, erasure, retention ----

    private static CallRecord Call(int n, string? contactId = null, int minutes = 0) => new()
    {
        CallId = $"call-{n:D3}",
        TransportKind = "websocket",
        StartedAt = s_baseTime.AddMinutes(minutes == 0 ? n : minutes),
        EndedAt = s_baseTime.AddMinutes(minutes == 0 ? n : minutes).AddSeconds(95.25),
        EndReason = CallEndReason.CallerClosed,
        InputTokens = 1000 + n,
        OutputTokens = 200 + n,
        ContactId = contactId,
    };

    private static CallTranscriptEntry[] Transcript(int n) =>
    [
        new(CallTranscriptRole.Assistant, "Hello! What's your full name?", s_baseTime.AddMinutes(n).AddSeconds(1)),
        new(CallTranscriptRole.Caller, $"my name is person {n}", s_baseTime.AddMinutes(n).AddSeconds(4)),
    ];

    [SkippableFact]
    public async Task SaveCallAsync_WithTranscript_ListsRecordAndReturnsTranscriptInOrder()
    {
        // Arrange
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);
        CallRecord call = Call(1, contact.Id) with { EndReason = CallEndReason.ModelDisconnected, StartedAt = s_baseTime.AddTicks(12_345) };

        // Act
        await repository.SaveCallAsync(call, Transcript(1));

        // Assert
        CallRecord stored = Assert.Single((await repository.ListCallsAsync(null, 10)).Items);
        Assert.Equal(call with { StartedAt = s_baseTime.AddMilliseconds(1) }, stored);
        Assert.Equal(TimeSpan.FromSeconds(95.25) + TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1), stored.Duration);
        Assert.Equal(Transcript(1), await repository.GetTranscriptAsync(call.CallId));
        Assert.Equal([stored], await repository.ListCallsOfContactAsync(contact.Id));
    }

    [SkippableFact]
    public async Task SaveCallAsync_WithoutTranscriptOrContact_StoresRecordOnly()
    {
        IContactRepository repository = await CreateRepositoryAsync();

        await repository.SaveCallAsync(Call(1), []);

        Assert.Null(Assert.Single((await repository.ListCallsAsync(null, 10)).Items).ContactId);
        Assert.Empty(await repository.GetTranscriptAsync("call-001"));
        Assert.Empty(await repository.GetTranscriptAsync("no-such-call"));
    }

    [SkippableFact]
    public async Task SaveCallAsync_SameCallIdTwice_ThrowsAndKeepsFirst()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        await repository.SaveCallAsync(Call(1), Transcript(1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => repository.SaveCallAsync(Call(1) with { InputTokens = 5 }, []));

        Assert.Equal(Call(1), Assert.Single((await repository.ListCallsAsync(null, 10)).Items));
        Assert.Equal(2, (await repository.GetTranscriptAsync("call-001")).Count);
    }

    [SkippableFact]
    public async Task ListCallsAsync_Pages_NewestFirstWithoutGapsOrRepeats()
    {
        // Arrange: 11 calls, two pairs starting at the same time
        IContactRepository repository = await CreateRepositoryAsync();
        CallRecord[] calls = Enumerable.Range(1, 11).Select(n => Call(n, minutes: n / 2 + 1)).ToArray();
        foreach (CallRecord call in calls.Reverse())
        {
            await repository.SaveCallAsync(call, []);
        }

        // Act
        CallRecordPage first = await repository.ListCallsAsync(null, 4);
        CallRecordPage second = await repository.ListCallsAsync(first.Next, 4);
        CallRecordPage third = await repository.ListCallsAsync(second.Next, 4);

        // Assert
        Assert.Equal(
            calls.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.CallId, StringComparer.Ordinal).Select(c => c.CallId),
            first.Items.Concat(second.Items).Concat(third.Items).Select(c => c.CallId));
        Assert.Null(third.Next);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.ListCallsAsync(null, 0));
    }

    [SkippableFact]
    public async Task ListCallsOfContactAsync_OnlyThatContactsCallsNewestFirst()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        await repository.SaveCallAsync(Call(1, "contact-a"), []);
        await repository.SaveCallAsync(Call(2, "contact-b"), []);
        await repository.SaveCallAsync(Call(3, "contact-a"), []);

        IReadOnlyList<CallRecord> calls = await repository.ListCallsOfContactAsync("contact-a");

        Assert.Equal(["call-003", "call-001"], calls.Select(c => c.CallId));
        Assert.Empty(await repository.ListCallsOfContactAsync("no-such-contact"));
    }

    [SkippableFact]
    public async Task DeleteAsync_Contact_ErasesContactHistoryAndTranscriptsAndUnlinksCalls()
    {
        // Arrange: the contact with two calls, another contact with one
        IContactRepository repository = await CreateRepositoryAsync();
        Contact erased = NewContact(1);
        Contact kept = NewContact(2);
        await repository.InsertAsync(erased);
        await repository.InsertAsync(kept);
        await repository.UpdateAsync(erased.Id, Changes(name: "Changed Name", callId: "call-002"));
        await repository.SaveCallAsync(Call(1, erased.Id), Transcript(1));
        await repository.SaveCallAsync(Call(2, erased.Id), Transcript(2));
        await repository.SaveCallAsync(Call(3, kept.Id), Transcript(3));

        // Act
        bool deleted = await repository.DeleteAsync(erased.Id);

        // Assert
        Assert.True(deleted);
        Assert.Null(await repository.GetAsync(erased.Id));
        Assert.Null(await repository.FindByEmailAsync(erased.Email));
        Assert.Empty(await repository.GetHistoryAsync(erased.Id));
        Assert.Empty((await repository.SearchAsync("changed", null, 10)).Items);
        Assert.Empty(await repository.GetTranscriptAsync("call-001"));
        Assert.Empty(await repository.GetTranscriptAsync("call-002"));
        Assert.Empty(await repository.ListCallsOfContactAsync(erased.Id));
        IReadOnlyList<CallRecord> calls = (await repository.ListCallsAsync(null, 10)).Items;
        Assert.Equal([Call(3, kept.Id), Call(2), Call(1)], calls);
        Assert.Equal(Transcript(3), await repository.GetTranscriptAsync("call-003"));
        Assert.Equal(kept, await repository.GetAsync(kept.Id));
        Assert.Equal(3, (await repository.GetHistoryAsync(kept.Id)).Count);
    }

    [SkippableFact]
    public async Task DeleteAsync_UnknownOrAlreadyDeleted_ReturnsFalse()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);

        Assert.True(await repository.DeleteAsync(contact.Id));
        Assert.False(await repository.DeleteAsync(contact.Id));
        Assert.False(await repository.DeleteAsync("no-such-id"));
    }

    [SkippableFact]
    public async Task DeleteAsync_EmailFreed_CanBeSavedAgainAsNewContact()
    {
        IContactRepository repository = await CreateRepositoryAsync();
        Contact contact = NewContact(1);
        await repository.InsertAsync(contact);
        await repository.DeleteAsync(contact.Id);

        Contact again = NewContact(1);
        await repository.InsertAsync(again);

        Assert.Equal(again, await repository.FindByEmailAsync(contact.Email));
        Assert.Equal(3, (await repository.GetHistoryAsync(again.Id)).Count);
    }

    [SkippableFact]
    public async Task PurgeCallsAsync_CutOff_DeletesOlderCallsAndTheirTranscriptsOnly()
    {
        // Arrange: calls at minutes 1..4
        IContactRepository repository = await CreateRepositoryAsync();
        for (int n = 1; n <= 4; n++)
        {
            await repository.SaveCallAsync(Call(n, "contact-a"), Transcript(n));
        }

        // Act: everything that started before minute 3
        int purged = await repository.PurgeCallsAsync(s_baseTime.AddMinutes(3));

        // Assert
        Assert.Equal(2, purged);
        Assert.Equal(["call-004", "call-003"], (await repository.ListCallsAsync(null, 10)).Items.Select(c => c.CallId));
        Assert.Empty(await repository.GetTranscriptAsync("call-001"));
        Assert.Empty(await repository.GetTranscriptAsync("call-002"));
        Assert.Equal(Transcript(3), await repository.GetTranscriptAsync("call-003"));
        Assert.Equal(0, await repository.PurgeCallsAsync(s_baseTime.AddMinutes(3)));
    }
}
