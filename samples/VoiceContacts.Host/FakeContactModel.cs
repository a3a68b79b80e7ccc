using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;

namespace VoiceContacts.Host;

/// <summary>
/// Test-only (VoiceContacts:FakeRealtime:Enabled): a FakeRealtimeServer (or, when RealtimeVoiceAgent:Provider is a Live
/// provider, a FakeLiveServer playing the same script the GPT-Live way) scripted as a contact-collection call. Each call
/// is greeted; each time the caller speaks the model records the three fields as it hears them (record_contact_field,
/// spoken forms), reads them back, calls save_contact, then confirms. A field the caller types (a system message from
/// the contact agent) is acknowledged.
/// </summary>
/// <remarks>
/// VoiceContacts:FakeRealtime:Fault scripts a model connection fault into the first call, to test reconnecting against
/// the real host process: <c>DropMidSpeech</c> (the greeting's audio is cut by a dropped connection),
/// <c>DropMidToolCall</c> (the connection drops after save_contact is called, before its output arrives),
/// <c>DropAfterSave</c> (it drops after the confirmation) or <c>SessionLimit</c> (session_expired and close 1001 after the
/// confirmation). With the last two the caller's second turn corrects the email (update_contact).
/// </remarks>
internal static class FakeContactModel
{
    public const string Greeting = "Hello! I'm the VoiceContacts assistant. What's your full name?";
    public const string NameArguments = "{\"field\":\"name\",\"value\":\"ada lovelace\"}";
    public const string EmailArguments = "{\"field\":\"email\",\"value\":\"ada at example dot com\"}";
    public const string PhoneArguments = "{\"field\":\"phone\",\"value\":\"four one five two three four five six seven eight\"}";
    public const string ReadBack = "That's Ada Lovelace, A D A at example dot com, and four one five, two three four, five six seven eight. Saving it now.";
    public const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";
    public const string Confirmation = "Thanks Ada, I've saved your contact details.";
    public const string TypedFieldReply = "Thanks, I've taken what you typed.";
    public const string CorrectionTranscript = "sorry, my email is ada at example dot org";
    public const string UpdateArguments = "{\"email\":\"ada at example dot org\"}";
    public const string UpdateConfirmation = "Done, I've updated your email.";

    // The fake's script is a few queues shared by all connections; enough entries for a long e2e run of sequential calls.
    private const int ScriptedCalls = 1000;

    /// <summary>Starts the fake for the configured protocol; returns it (a FakeRealtimeServer or FakeLiveServer) and its endpoint.</summary>
    /// <param name="live">GPT-Live (FakeLiveServer) rather than Realtime.</param>
    /// <param name="fault">With the Realtime fake only: how the first call's model connection breaks (VoiceContacts:FakeRealtime:Fault).</param>
    public static async Task<(System.IAsyncDisposable Server, System.Uri Endpoint)> StartAsync(bool live, string? fault = null)
    {
        if (live)
        {
            if (fault is { Length: > 0 })
            {
                throw new System.InvalidOperationException("VoiceContacts:FakeRealtime:Fault applies to the Realtime fake only, not to a GPT-Live provider.");
            }

            var liveServer = await FakeLiveServer.StartAsync();
            Script(liveServer.Script);
            return (liveServer, liveServer.Endpoint);
        }

        var server = await FakeRealtimeServer.StartAsync();
        Script(server.Script, fault);
        return (server, server.Endpoint);
    }

    private static void Script(FakeRealtimeScript script, string? fault = null)
    {
        if (fault is { Length: > 0 })
        {
            ScriptFirstCallWithFault(script, fault);
        }

        for (var i = fault is { Length: > 0 } ? 1 : 0; i < ScriptedCalls; i++)
        {
            script
                .OnResponseCreate(r => r.Say(Greeting, System.TimeSpan.FromSeconds(2)))
                .AfterSpeech(turn => turn
                    .Transcript("my name is ada lovelace, my email is ada at example dot com and my phone is four one five two three four five six seven eight")
                    .CallFunction("record_contact_field", NameArguments)
                    .CallFunction("record_contact_field", EmailArguments)
                    .CallFunction("record_contact_field", PhoneArguments)
                    .Then(r => r.Say(ReadBack).CallFunction("save_contact", SaveArguments))
                    .ThenSay(Confirmation))
                .AfterSystemMessage(turn => turn.Say(TypedFieldReply));
        }
    }

    private static void ScriptFirstCallWithFault(FakeRealtimeScript script, string fault)
    {
        if (fault.Equals("DropMidSpeech", System.StringComparison.OrdinalIgnoreCase))
        {
            // The greeting is cut off; the relay asks for it again on the new session.
            script.OnResponseCreate(r => r.DropConnectionMidSpeech(Greeting, System.TimeSpan.FromMilliseconds(500)));
            script.OnResponseCreate(r => r.Say(Greeting, System.TimeSpan.FromSeconds(2)));
        }
        else
        {
            script.OnResponseCreate(r => r.Say(Greeting, System.TimeSpan.FromSeconds(2)));
        }

        var dropMidToolCall = fault.Equals("DropMidToolCall", System.StringComparison.OrdinalIgnoreCase);
        var afterSave = fault.Equals("DropAfterSave", System.StringComparison.OrdinalIgnoreCase) || fault.Equals("SessionLimit", System.StringComparison.OrdinalIgnoreCase);
        if (!dropMidToolCall && !afterSave && !fault.Equals("DropMidSpeech", System.StringComparison.OrdinalIgnoreCase))
        {
            throw new System.InvalidOperationException($"VoiceContacts:FakeRealtime:Fault must be DropMidSpeech, DropMidToolCall, DropAfterSave or SessionLimit, not '{fault}'.");
        }

        script.AfterSpeech(turn => turn
            .Transcript("my name is ada lovelace, my email is ada at example dot com and my phone is four one five two three four five six seven eight")
            .CallFunction("record_contact_field", NameArguments)
            .CallFunction("record_contact_field", EmailArguments)
            .CallFunction("record_contact_field", PhoneArguments)
            .Then(r =>
            {
                r.Say(ReadBack).CallFunction("save_contact", SaveArguments);
                if (dropMidToolCall)
                {
                    r.DropConnection();
                }
            })
            .Then(r =>
            {
                r.Say(Confirmation);
                if (fault.Equals("SessionLimit", System.StringComparison.OrdinalIgnoreCase))
                {
                    r.ExpireSession();
                }
                else if (afterSave)
                {
                    r.DropConnection();
                }
            }));
        script.AfterSpeech(turn => turn
            .Transcript(CorrectionTranscript)
            .CallFunction("update_contact", UpdateArguments)
            .ThenSay(UpdateConfirmation));
        script.AfterSystemMessage(turn => turn.Say(TypedFieldReply));
    }
}
