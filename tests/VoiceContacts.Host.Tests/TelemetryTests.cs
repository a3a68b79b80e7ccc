using System;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.Tests.Endpoint;
using VoiceContacts.Host.Tests.Infrastructure;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>The sample host's metrics for one call, read through the host's own meter factory.</summary>
public sealed class TelemetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Metrics_CallThatSavesContact_ShowsInCallSessionAndToolMetrics()
    {
        // Arrange
        await using var host = await HostFixture.StartAsync(new() { ["VoiceContacts:FakeRealtime:Enabled"] = "true" });
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var callDurations = Collect<double>(meters, "realtime_voice_agent.call.duration");
        using var activeCalls = Collect<long>(meters, "realtime_voice_agent.call.active");
        using var sessionDurations = Collect<double>(meters, "realtime_voice_agent.session.duration");
        using var toolDurations = Collect<double>(meters, "realtime_voice_agent.tool.duration");

        // Act: the fake model greets, hears the caller, saves the contact; then the caller hangs up.
        await using (var caller = await TestCaller.ConnectAsync(host.CallUri("audio=binary&inputRate=48000&outputRate=48000")))
        {
            await caller.WaitForAsync("ready");
            Assert.Equal(1, activeCalls.GetMeasurementSnapshot().Sum(m => m.Value));

            // Speak after the greeting (its caption), as HostTests does: this test is about metrics, not barge-in. In one
            // CI run, speech that started during the greeting never got the fake model's scripted turn.
            await caller.WaitForAsync("text");
            foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
            {
                await caller.SendBinaryAsync(frame);
            }

            await caller.WaitForAsync("contact_saved");
        }

        await callDurations.WaitForMeasurementsAsync(1, Timeout);
        await sessionDurations.WaitForMeasurementsAsync(1, Timeout);

        // Assert: tagged by why the call ended and which tool ran; no contact data in any tag.
        Assert.Equal("caller_closed", Assert.Single(callDurations.GetMeasurementSnapshot()).Tags["realtime_voice_agent.call.end_reason"]);
        Assert.Equal(0, activeCalls.GetMeasurementSnapshot().Sum(m => m.Value));
        // The fake model records the three fields as it hears them, then saves.
        var tools = toolDurations.GetMeasurementSnapshot();
        Assert.Equal(3, tools.Count(m => Equals(m.Tags["gen_ai.tool.name"], "record_contact_field")));
        var save = Assert.Single(tools, m => Equals(m.Tags["gen_ai.tool.name"], "save_contact"));
        Assert.False(save.Tags.ContainsKey("error.type"));
        Assert.DoesNotContain(
            callDurations.GetMeasurementSnapshot().Concat(toolDurations.GetMeasurementSnapshot()).SelectMany(m => m.Tags.Values),
            value => value is string text && (text.Contains('@', StringComparison.Ordinal) || text.Contains("+1", StringComparison.Ordinal)));
    }

    private static MetricCollector<T> Collect<T>(IMeterFactory meters, string instrument)
        where T : struct =>
        new(meters, RealtimeVoiceAgentDiagnostics.MeterName, instrument);
}
