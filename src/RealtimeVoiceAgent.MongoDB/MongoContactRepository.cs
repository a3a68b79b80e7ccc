using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MongoDB.Driver;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.MongoDB;

/// <summary>
/// Stores contacts in a MongoDB collection: the store for scaled-out hosts. A unique index keeps the normalized email
/// unique, writes use majority write concern, and updates are single <c>findOneAndUpdate</c> commands.
/// </summary>
/// <remarks>Thread-safe; register it as a singleton so the underlying <c>MongoClient</c> and its connection pool are shared.</remarks>
public sealed class MongoContactRepository : IContactRepository
{
    /// <summary>The collection used when none is named.</summary>
    public const string DefaultCollectionName = "contacts";

    internal const string EmailIndexName = "ux_contacts_email";
    internal const string CreatedAtIndexName = "ix_contacts_created_at";

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

        // Majority: an acknowledged save survives a primary failover, which matters more than latency for one write per call.
        Collection = database.GetCollection<Contact>(collectionName).WithWriteConcern(WriteConcern.WMajority);
    }

    internal IMongoCollection<Contact> Collection { get; }

    internal static IReadOnlyList<CreateIndexModel<Contact>> IndexModels { get; } =
    [
        new(Builders<Contact>.IndexKeys.Ascending(c => c.Email), new CreateIndexOptions { Name = EmailIndexName, Unique = true }),
        new(Builders<Contact>.IndexKeys.Descending(c => c.CreatedAt).Descending(c => c.Id), new CreateIndexOptions { Name = CreatedAtIndexName }),
    ];

    /// <inheritdoc/>
    public async Task<Contact> InsertAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Collection.InsertOneAsync(contact, options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey && IsEmailIndexError(ex.WriteError.Message))
        {
            // The server message quotes the duplicate email, so it is not kept as an inner exception (emails are never logged).
            throw new DuplicateContactException();
        }

        return contact with
        {
            CreatedAt = Contact.TruncateToMilliseconds(contact.CreatedAt),
            UpdatedAt = Contact.TruncateToMilliseconds(contact.UpdatedAt),
        };
    }

    /// <inheritdoc/>
    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Collection.Find(ById(id)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Contact?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Collection.Find(ByEmail(normalizedEmail)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Contact?> UpdateAsync(string id, ContactChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(changes);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Collection.FindOneAndUpdateAsync(
                ById(id),
                ToUpdate(changes),
                new FindOneAndUpdateOptions<Contact> { ReturnDocument = ReturnDocument.After },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MongoCommandException ex) when (ex.Code == DuplicateKeyCode && IsEmailIndexError(ex.Message))
        {
            // The server message quotes the duplicate email, so it is not kept as an inner exception (emails are never logged).
            throw new DuplicateContactException();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Contact>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        return await Collection.Find(FilterDefinition<Contact>.Empty)
            .Sort(NewestFirst)
            .Limit(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static SortDefinition<Contact> NewestFirst => Builders<Contact>.Sort.Descending(c => c.CreatedAt).Descending(c => c.Id);

    internal static FilterDefinition<Contact> ById(string id) => Builders<Contact>.Filter.Eq(c => c.Id, id);

    internal static FilterDefinition<Contact> ByEmail(string normalizedEmail) => Builders<Contact>.Filter.Eq(c => c.Email, normalizedEmail);

    internal static UpdateDefinition<Contact> ToUpdate(ContactChanges changes)
    {
        UpdateDefinitionBuilder<Contact> update = Builders<Contact>.Update;
        var parts = new List<UpdateDefinition<Contact>> { update.Set(c => c.UpdatedAt, changes.UpdatedAt) };
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
                _indexesCreated = true;
            }
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
