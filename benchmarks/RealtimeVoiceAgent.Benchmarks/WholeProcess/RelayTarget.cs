namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>One relay configuration the run measures: which process, and which callers: browser (JSON or binary audio) or phone.</summary>
/// <remarks>Phone calls and GPT-Live are the host's only: the seed-style Node relay has neither a phone transport nor the
/// Live protocol. <c>host-live</c> is the host with <c>RealtimeVoiceAgent:Provider=OpenAILive</c>, its browser callers in
/// JSON, against the same fake model speaking GPT-Live.</remarks>
internal sealed record RelayTarget(string Name, bool IsNode, bool BinaryAudio, bool IsPhone = false, bool IsLive = false)
{
    public static readonly RelayTarget HostJson = new("host-json", IsNode: false, BinaryAudio: false);
    public static readonly RelayTarget NodeJson = new("node-json", IsNode: true, BinaryAudio: false);
    public static readonly RelayTarget HostBinary = new("host-binary", IsNode: false, BinaryAudio: true);
    public static readonly RelayTarget HostPhone = new("host-phone", IsNode: false, BinaryAudio: false, IsPhone: true);

    public static readonly RelayTarget HostLive = new("host-live", IsNode: false, BinaryAudio: false, IsLive: true);

    public static readonly RelayTarget[] All = [HostJson, NodeJson, HostBinary, HostPhone, HostLive];

    /// <summary>The targets of each <c>--modes</c> value: browser calls on both relays, phone calls on the host.</summary>
    public static RelayTarget[] OfMode(string mode) => mode switch
    {
        "browser" => [HostJson, NodeJson, HostBinary],
        "phone" => [HostPhone],
        "live" => [HostLive],
        _ => throw new System.ArgumentException($"--modes: unknown mode '{mode}' (known: browser, phone, live)."),
    };

    /// <summary>How often a caller sends a frame: 50 ms of 24 kHz PCM for a browser, Twilio's 20 ms of μ-law for a phone.</summary>
    public System.TimeSpan FramePeriod => System.TimeSpan.FromMilliseconds(IsPhone ? 20 : 50);

    public string Title => Name switch
    {
        "host-json" => ".NET host, JSON",
        "node-json" => "Node relay, JSON",
        "host-binary" => ".NET host, binary",
        "host-phone" => ".NET host, phone (Twilio)",
        "host-live" => ".NET host, GPT-Live (JSON)",
        _ => Name,
    };
}
