using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MongoDB.Bson;
using MongoDB.Driver;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.MongoDB;

/// <summary>
/// Stores contacts in a MongoDB collection and call records in a second one (<c>&lt;collection&gt;_calls</c>): the store
/// for scaled-out hosts. A unique index keeps the normalized email unique, writes use majority write concern, and each
/// contact document holds its search terms and history, so an update and its history entries are one atomic write.
/// </summary>
/// <remarks>Thread-safe; register it as a singleton so the underlying <c>MongoClient</c> and its connection pool are shared.</remarks>
public sealed partial class MongoContactRepository : IContactRepository
{
    /// <summary>The collection used when none is named.</summary>
    public const string DefaultCollectionName = "contacts";

    internal const string EmailIndexName = "ux_contacts_email";
    internal const string CreatedAtIndexName = "ix_contacts_created_at";
    internal const string SearchTermsIndexName = "ix_contacts_search_terms";
    internal const string CallsStartedAtIndexName = "ix_calls_started_at";
    internal const string CallsContactIndexName = "ix_calls_contact";

    // Leaves out what listing contacts never needs.
    private static readonly ProjectionDefinition<Contact, Contact> s_contactOnly =
        Builders<Contact>.Projection.Exclude(ContactClassMap.SearchTerms).Exclude(ContactClassMap.History);

    // MongoDB's duplicate key error code (E11000).
    private const int DuplicateKeyCode = 11000;

    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private volatile bool _indexesCreated;

    /// <summary>Creates the store; indexes are created on first use.</summary>
    /// <param name="connectionString">A MongoDB connection string, for example <c>mongodb://localhost:27017</c>.</param>
    /// <param name="databaseName">The database to use.</param>
    /// <param name="collectionName">The collection to use; default <see cref="DefaultCollectionName"/>.</param>
    /// <exception cref="ArgumentException">An argument is empty, or the connection string is invalid.</exception>
    public MongoContactRepository(string connectionString, string databaseName, string collectionName = DefaultCollectionName)
        : this(CreateDatabase(connectionString, databaseName), collectionName)
    {
    }

    internal MongoContactRepository(IMongoDatabase database, string collectionName = DefaultCollectionName)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(collectionName);
        ContactClassMap.EnsureRegistered();
        CallRecordClassMap.EnsureRegistered();

        // Majority: an acknowledged save survives a primary failover, which matters more than latency for one write per call.
        Collection = database.GetCollection<Contact>(collectionName).WithWriteConcern(WriteConcern.WMajority);
        Documents = database.GetCollection<BsonDocument>(collectionName).WithWriteConcern(WriteConcern.WMajority);
        Calls = database.GetCollection<CallRecord>(collectionName + "_calls").WithWriteConcern(WriteConcern.WMajority);
    }

    internal IMongoCollection<Contact> Collection { get; }

    // The same collection, untyped: a contact's document as written holds more than the Contact (terms, history).
    internal IMongoCollection<BsonDocument> Documents { get; }

    internal IMongoCollection<CallRecord> Calls { get; }

    internal static IReadOnlyList<CreateIndexModel<Contact>> IndexModels { get; } =
    [
        new(Builders<Contact>.IndexKeys.Ascending(c => c.Email), new CreateIndexOptions { Name = EmailIndexName, Unique = true }),
        new(Builders<Contact>.IndexKeys.Descending(c => c.CreatedAt).Descending(c => c.Id), new CreateIndexOptions { Name = CreatedAtIndexName }),
        new(Builders<Contact>.IndexKeys.Ascending(ContactClassMap.SearchTerms), new CreateIndexOptions { Name = SearchTermsIndexName }),
    ];

    internal static IReadOnlyList<CreateIndexModel<CallRecord>> CallIndexModels { get; } =
    [
        new(Builders<CallRecord>.IndexKeys.Descending(c => c.StartedAt).Descending(c => c.CallId), new CreateIndexOptions { Name = CallsStartedAtIndexName }),
        new(Builders<CallRecord>.IndexKeys.Ascending(c => c.ContactId).Descending(c => c.StartedAt), new CreateIndexOptions { Name = CallsContactIndexName, Sparse = true }),
    ];

    /// <inheritdoc/>
    public async Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        Contact stored = contact with
        {
            CreatedAt = Contact.TruncateToMilliseconds(contact.CreatedAt),
            UpdatedAt = Contact.TruncateToMilliseconds(contact.UpdatedAt),
        };
        try
        {
            await Documents.InsertOneAsync(ToDocument(stored), options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey && IsEmailIndexError(ex.WriteError.Message))
        {
            // The server message quotes the duplicate email, so it is not kept as an inner exception (emails are never logged).
            throw new DuplicateContactException();
        }

        return stored;
    }

    /// <inheritdoc/>
    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Collection.Find(ById(id)).Project(s_contactOnly).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Collection.Find(ByEmail(normalizedEmail)).Project(s_contactOnly).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(changes);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);

        // Compare-and-set: the update applies only if the contact is still as read, so the history's old values are
        // exactly what it replaced; a concurrent change makes it read again. Each round that loses, another update won.
        while (true)
        {
            Contact? before = await Collection.Find(ById(id)).Project(s_contactOnly).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (before is null)
            {
                return null;
            }

            Contact after = changes.ApplyTo(before) with { UpdatedAt = Contact.TruncateToMilliseconds(changes.UpdatedAt) };
            UpdateResult result;
            try
            {
                result = await Collection.UpdateOneAsync(
                    Unchanged(before),
                    ToUpdate(changes, after, ContactChange.Compare(before, after, changes.CallId)),
                    options: null,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey && IsEmailIndexError(ex.WriteError.Message))
            {
                // The server message quotes the duplicate email, so it is not kept as an inner exception (emails are never logged).
                throw new DuplicateContactException();
            }
            catch (MongoCommandException ex) when (ex.Code == DuplicateKeyCode && IsEmailIndexError(ex.Message))
            {
                throw new DuplicateContactException();
            }

            if (result.MatchedCount == 1)
            {
                return after;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Collection.Find(FilterDefinition<Contact>.Empty)
            .Project(s_contactOnly)
            .Sort(NewestFirst)
            .Limit(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static SortDefinition<Contact> NewestFirst => Builders<Contact>.Sort.Descending(c => c.CreatedAt).Descending(c => c.Id);

    internal static FilterDefinition<Contact> ById(string id) => Builders<Contact>.Filter.Eq(c => c.Id, id);

    internal static FilterDefinition<Contact> ByEmail(string normalizedEmail) => Builders<Contact>.Filter.Eq(c => c.Email, normalizedEmail);

    // The contact as it was read: any concurrent update changes updatedAt or a field, and this no longer matches.
    internal static FilterDefinition<Contact> Unchanged(Contact before)
    {
        FilterDefinitionBuilder<Contact> filter = Builders<Contact>.Filter;
        return filter.And(
            filter.Eq(c => c.Id, before.Id),
            filter.Eq(c => c.UpdatedAt, before.UpdatedAt),
            filter.Eq(c => c.Name, before.Name),
            filter.Eq(c => c.Email, before.Email),
            filter.Eq(c => c.Phone, before.Phone),
            filter.Eq(c => c.PhoneExtension, before.PhoneExtension));
    }

    internal static UpdateDefinition<Contact> ToUpdate(ContactChanges changes, Contact after, IReadOnlyList<ContactChange> history)
    {
        UpdateDefinitionBuilder<Contact> update = Builders<Contact>.Update;
        var parts = new List<UpdateDefinition<Contact>>
        {
            update.Set(c => c.UpdatedAt, changes.UpdatedAt),
            update.Set(ContactClassMap.SearchTerms, ContactSearch.GetTerms(after)),
        };
        if (history.Count > 0)
        {
            parts.Add(update.PushEach(ContactClassMap.History, history.Select(ContactClassMap.ToDocument)));
        }

        if (changes.Name is { } name)
        {
            parts.Add(update.Set(c => c.Name, name.Value));
            parts.Add(update.Set(c => c.RawName, name.Raw));
        }

        if (changes.Email is { } email)
        {
            parts.Add(update.Set(c => c.Email, email.Value));
            parts.Add(update.Set(c => c.RawEmail, email.Raw));
        }

        if (changes.Phone is { } phone)
        {
            parts.Add(update.Set(c => c.Phone, phone.Value));
            parts.Add(update.Set(c => c.RawPhone, phone.Raw));
            parts.Add(phone.Extension is null ? update.Unset(c => c.PhoneExtension) : update.Set(c => c.PhoneExtension, phone.Extension));
        }

        return update.Combine(parts);
    }

    internal static BsonDocument ToDocument(Contact contact)
    {
        BsonDocument document = contact.ToBsonDocument();
        document[ContactClassMap.SearchTerms] = new BsonArray(ContactSearch.GetTerms(contact));
        document[ContactClassMap.History] = new BsonArray(ContactChange.Compare(null, contact, contact.CallId).Select(ContactClassMap.ToDocument));
        return document;
    }

    private static bool IsEmailIndexError(string? message) => message?.Contains(EmailIndexName, StringComparison.Ordinal) ?? false;

    private static IMongoDatabase CreateDatabase(string connectionString, string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        MongoUrl url;
        try
        {
            url = MongoUrl.Create(connectionString);
        }
        catch (MongoConfigurationException ex)
        {
            throw new ArgumentException($"'{nameof(connectionString)}' is not a valid MongoDB connection string: {ex.Message}", nameof(connectionString), ex);
        }

        return new MongoClient(url).GetDatabase(databaseName);
    }

    private async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexesCreated)
        {
            return;
        }

        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_indexesCreated)
            {
                // Creating an index that exists with the same definition is a no-op on the server.
                await Collection.Indexes.CreateManyAsync(IndexModels, cancellationToken).ConfigureAwait(false);
                await Calls.Indexes.CreateManyAsync(CallIndexModels, cancellationToken).ConfigureAwait(false);
                _indexesCreated = true;
            }
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
