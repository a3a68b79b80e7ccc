using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// Purges call records and their transcripts older than <see cref="ContactCollectorOptions.RetentionDays"/>: once at
/// start, then every <see cref="Interval"/>. Does nothing when no retention is set. Registered by <c>AddContactAgent</c>.
/// </summary>
internal sealed partial class CallRecordRetentionService : BackgroundService
{
    /// <summary>How often the purge runs; retention is counted in days, so an hour late is never a day late.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly IContactRepository _repository;
    private readonly int? _retentionDays;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public CallRecordRetentionService(IContactRepository repository, ContactCollectorOptions options, TimeProvider? timeProvider, ILogger<CallRecordRetentionService> logger)
    {
        _repository = repository;
        _retentionDays = options.RetentionDays;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_retentionDays is not { } days)
        {
            return;
        }

        // Runs on a fixed schedule from the first run: when the process (or a test's clock) falls behind, the next run is due at once.
        DateTimeOffset next = _timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait = next - _timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            await PurgeAsync(days, stoppingToken).ConfigureAwait(false);
            next += Interval;
        }
    }

    private async Task PurgeAsync(int days, CancellationToken stoppingToken)
    {
        DateTimeOffset cutOff = _timeProvider.GetUtcNow().AddDays(-days);
        try
        {
            int purged = await _repository.PurgeCallsAsync(cutOff, stoppingToken).ConfigureAwait(false);
            if (purged > 0)
            {
                LogPurged(purged, days);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next run tries again; the host keeps serving calls.
            LogPurgeFailed(ex);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Retention: deleted {Count} call records (and their transcripts) older than {Days} days.")]
    private partial void LogPurged(int count, int days);

    [LoggerMessage(2, LogLevel.Warning, "Retention: purging old call records failed; it is tried again within the hour.")]
    private partial void LogPurgeFailed(Exception exception);
}
