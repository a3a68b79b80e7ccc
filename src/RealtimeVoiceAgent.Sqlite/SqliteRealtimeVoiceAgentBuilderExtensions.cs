using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite contact store.</summary>
public static class SqliteRealtimeVoiceAgentBuilderExtensions
{
    /// <summary>Stores contacts in a SQLite file with <see cref="SqliteContactRepository"/> (singleton), replacing any store chosen before.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=contacts.db</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static RealtimeVoiceAgentBuilder UseSqliteContacts(this RealtimeVoiceAgentBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Replace(ServiceDescriptor.Singleton<IContactRepository>(
            provider => new SqliteContactRepository(connectionString, provider.GetService<ILoggerFactory>())));
        return builder;
    }
}
