using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent;

/// <summary>
/// The model seam: opens one <see cref="VoiceModelSession"/> per call. <see cref="RealtimeClient"/> (OpenAI and Azure
/// OpenAI Realtime, GA protocol) is the built-in implementation; another voice API plugs in by deriving from this class
/// and registering it as the <see cref="VoiceModelClient"/> service.
/// </summary>
/// <remarks>Implementations are shared by every call: they must be thread-safe.</remarks>
public abstract class VoiceModelClient
{
    /// <summary>Creates the client.</summary>
    protected VoiceModelClient()
    {
    }

    /// <summary>
    /// Whether sessions can be opened at all (for example, an API key is configured). When it is <see langword="false"/>
    /// a call is refused at once with <see cref="CallEndReason.NotConfigured"/> instead of failing to connect. Default
    /// <see langword="true"/>.
    /// </summary>
    public virtual bool IsConfigured => true;

    /// <summary>Opens a session to the model for one call.</summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open session. The relay configures it with <see cref="VoiceModelSession.ConfigureAsync"/> next.</returns>
    /// <exception cref="RealtimeConnectionException">The model could not be reached or refused the connection.</exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract Task<VoiceModelSession> StartSessionAsync(CancellationToken cancellationToken = default);
}
