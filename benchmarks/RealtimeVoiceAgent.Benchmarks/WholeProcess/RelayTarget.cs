namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>One relay configuration the run measures: which process, and which browser audio mode its callers use.</summary>
/// <remarks>More kinds fit here: a phone caller (Twilio Media Streams) on the host's phone route, or the host pointed at
/// a live provider instead of the driver's fake model.</remarks>
internal sealed record RelayTarget(string Name, bool IsNode, bool BinaryAudio)
{
    public static readonly RelayTarget HostJson = new("host-json", IsNode: false, BinaryAudio: false);
    public static readonly RelayTarget NodeJson = new("node-json", IsNode: true, BinaryAudio: false);
    public static readonly RelayTarget HostBinary = new("host-binary", IsNode: false, BinaryAudio: true);

    public static readonly RelayTarget[] All = [HostJson, NodeJson, HostBinary];

    public string Title => Name switch
    {
        "host-json" => ".NET host, JSON",
        "node-json" => "Node relay, JSON",
        "host-binary" => ".NET host, binary",
        _ => Name,
    };
}
