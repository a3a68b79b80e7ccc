using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.MongoDB;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the MongoDB contact store.</summary>
public static class MongoRealtimeVoiceAgentBuilderExtensions
{
    /// <summary>Stores contacts in MongoDB with <see cref="MongoContactRepository"/> (singleton), replacing any store chosen before.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">A MongoDB connection string, for example <c>mongodb://mongo1,mongo2/?replicaSet=rs0</c>.</param>
    /// <param name="database">The database name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> or <paramref name="database"/> is empty.</exception>
    public static RealtimeVoiceAgentBuilder UseMongoContacts(this RealtimeVoiceAgentBuilder builder, string connectionString, string database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        builder.Services.Replace(ServiceDescriptor.Singleton<IContactRepository>(_ => new MongoContactRepository(connectionString, database)));
        return builder;
    }
}
