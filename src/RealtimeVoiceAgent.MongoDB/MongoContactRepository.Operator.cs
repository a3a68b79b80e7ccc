using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MongoDB.Bson;
using MongoDB.Driver;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.MongoDB;

// What the operator's side reads and erases: search, history, call records, transcripts, retention.
public sealed partial class MongoContactRepository
{
    /// <inheritdoc/>
    public async Task<ContactPage> SearchAsync(string? query, PageCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        FilterDefinition<Contact> filter = SearchFilter(ContactSearch.GetQueryPrefixes(query), after);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        List<Contact> contacts = await Collection.Find(filter)
            .Project(s_contactOnly)
            .Sort(NewestFirst)
            .Limit(limit + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        bool more = contacts.Count > limit;
        if (more)
        {
            contacts.RemoveAt(limit);
        }

        return new ContactPage(contacts, more ? new PageCursor(contacts[^1].CreatedAt, contacts[^1].Id) : null);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ContactChange>> GetHistoryAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        BsonDocument? document = await Documents.Find(new BsonDocument(ContactClassMap.Id, contactId))
            .Project(Builders<BsonDocument>.Projection.Include(ContactClassMap.History))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is not null && document.TryGetValue(ContactClassMap.History, out BsonValue history)
            ? history.AsBsonArray.Select(e => ContactClassMap.FromDocument(contactId, e.AsBsonDocument)).ToArray()
            : [];
    }

    /// <inheritdoc/>
    /// <remarks>The call records are cleared first: if the contact's deletion then fails, retrying the erasure finishes it.</remarks>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        await Calls.UpdateManyAsync(CallsOfContact(id), UnlinkCall, options: null, cancellationToken).ConfigureAwait(false);
        DeleteResult deleted = await Collection.DeleteOneAsync(ById(id), cancellationToken).ConfigureAwait(false);
        return deleted.DeletedCount > 0;
    }

    /// <inheritdoc/>
    public async Task SaveCallAsync(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(transcript);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Calls.Database.GetCollection<BsonDocument>(Calls.CollectionNamespace.CollectionName)
                .WithWriteConcern(WriteConcern.WMajority)
                .InsertOneAsync(ToDocument(call, transcript), options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new InvalidOperationException($"A call record with id '{call.CallId}' already exists.", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<CallRecordPage> ListCallsAsync(PageCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        List<CallRecord> calls = await Calls.Find(CallsAfter(after))
            .Project(s_callOnly)
            .Sort(CallsNewestFirst)
            .Limit(limit + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        bool more = calls.Count > limit;
        if (more)
        {
            calls.RemoveAt(limit);
        }

        return new CallRecordPage(calls, more ? new PageCursor(calls[^1].StartedAt, calls[^1].CallId) : null);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CallRecord>> ListCallsOfContactAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Calls.Find(CallsOfContact(contactId)).Project(s_callOnly).Sort(CallsNewestFirst).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CallTranscriptEntry>> GetTranscriptAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        BsonDocument? document = await Calls.Database.GetCollection<BsonDocument>(Calls.CollectionNamespace.CollectionName)
            .Find(new BsonDocument(CallRecordClassMap.Id, callId))
            .Project(Builders<BsonDocument>.Projection.Include(CallRecordClassMap.Transcript))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is not null && document.TryGetValue(CallRecordClassMap.Transcript, out BsonValue lines)
            ? lines.AsBsonArray.Select(l => CallRecordClassMap.FromDocument(l.AsBsonDocument)).ToArray()
            : [];
    }

    /// <inheritdoc/>
    public async Task<int> PurgeCallsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        DeleteResult deleted = await Calls.DeleteManyAsync(Builders<CallRecord>.Filter.Lt(c => c.StartedAt, startedBefore), cancellationToken).ConfigureAwait(false);
        return (int)deleted.DeletedCount;
    }

    private static readonly ProjectionDefinition<CallRecord, CallRecord> s_callOnly = Builders<CallRecord>.Projection.Exclude(CallRecordClassMap.Transcript);

    internal static SortDefinition<CallRecord> CallsNewestFirst => Builders<CallRecord>.Sort.Descending(c => c.StartedAt).Descending(c => c.CallId);

    internal static UpdateDefinition<CallRecord> UnlinkCall =>
        Builders<CallRecord>.Update.Unset(c => c.ContactId).Unset(CallRecordClassMap.Transcript);

    internal static FilterDefinition<CallRecord> CallsOfContact(string contactId) => Builders<CallRecord>.Filter.Eq(c => c.ContactId, contactId);

    // A prefix of a search term (anchored, so the multikey index on searchTerms serves it), and strictly after the cursor.
    internal static FilterDefinition<Contact> SearchFilter(IReadOnlyList<string> prefixes, PageCursor? after)
    {
        FilterDefinitionBuilder<Contact> filter = Builders<Contact>.Filter;
        var parts = new List<FilterDefinition<Contact>>();
        if (prefixes.Count > 0)
        {
            parts.Add(filter.Or(prefixes.Select(p => filter.Regex(ContactClassMap.SearchTerms, new BsonRegularExpression("^" + Regex.Escape(p))))));
        }

        if (after is { } cursor)
        {
            parts.Add(filter.Or(
                filter.Lt(c => c.CreatedAt, cursor.Time),
                filter.And(filter.Eq(c => c.CreatedAt, cursor.Time), filter.Lt(c => c.Id, cursor.Id))));
        }

        return parts.Count == 0 ? filter.Empty : filter.And(parts);
    }

    internal static FilterDefinition<CallRecord> CallsAfter(PageCursor? after)
    {
        FilterDefinitionBuilder<CallRecord> filter = Builders<CallRecord>.Filter;
        return after is { } cursor
            ? filter.Or(
                filter.Lt(c => c.StartedAt, cursor.Time),
                filter.And(filter.Eq(c => c.StartedAt, cursor.Time), filter.Lt(c => c.CallId, cursor.Id)))
            : filter.Empty;
    }

    internal static BsonDocument ToDocument(CallRecord call, IReadOnlyList<CallTranscriptEntry> transcript)
    {
        BsonDocument document = call.ToBsonDocument();
        if (transcript.Count > 0)
        {
            document[CallRecordClassMap.Transcript] = new BsonArray(transcript.Select(CallRecordClassMap.ToDocument));
        }

        return document;
    }
}
