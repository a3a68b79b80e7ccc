using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

// The session configuration as the service holds it: the GA defaults, every session.update merged into them (echoed
// whole as session.updated), and the settings speech detection, commits and responses read from it. Only the receive
// loop writes it, but responses read it from their own task, hence the lock.
internal sealed class FakeSession
{
    private readonly object _gate = new();
    private readonly JsonObject _session;
    private readonly FakeEventSender _events;

    public FakeSession(string model, FakeEventSender events)
    {
        _session = DefaultSession(model);
        _events = events;
    }

    // Whether committed audio gets an input_audio_transcription.delta / .completed.
    public bool TranscribesInput
    {
        get
        {
            lock (_gate)
            {
                return _session["audio"]!["input"]!["transcription"] is not null;
            }
        }
    }

    // Whether the end of a detected turn starts a response (turn detection on, create_response not false).
    public bool CreatesResponseOnTurnEnd
    {
        get
        {
            lock (_gate)
            {
                JsonNode? turnDetection = TurnDetection;
                return turnDetection is not null && (turnDetection["create_response"] is not JsonValue create || create.GetValue<bool>());
            }
        }
    }

    // Whether detected speech cancels the active response (barge-in); on unless interrupt_response is false.
    public bool InterruptsResponse
    {
        get
        {
            lock (_gate)
            {
                return TurnDetection?["interrupt_response"] is not JsonValue value || value.GetValue<bool>();
            }
        }
    }

    // The type of audio.input.format: audio/pcm, audio/pcmu or audio/pcma (what appended audio is).
    public string InputAudioFormat => AudioFormat("input");

    // The type of audio.output.format (what the model's audio deltas are).
    public string OutputAudioFormat => AudioFormat("output");

    public JsonNode Snapshot()
    {
        lock (_gate)
        {
            return _session.DeepClone();
        }
    }

    public JsonNode? OutputModalities()
    {
        lock (_gate)
        {
            return _session["output_modalities"]?.DeepClone();
        }
    }

    // The quiet that ends a turn: the session's silence_duration_ms under server_vad, the server's setting under
    // semantic_vad; null while turn detection is off.
    public int? TurnEndSilenceMs(TimeSpan semanticVadSilence)
    {
        lock (_gate)
        {
            JsonNode? turnDetection = TurnDetection;
            if (turnDetection is null)
            {
                return null;
            }

            return turnDetection["type"]?.GetValue<string>() == "server_vad" && turnDetection["silence_duration_ms"] is JsonValue silence
                ? silence.GetValue<int>()
                : (int)semanticVadSilence.TotalMilliseconds;
        }
    }

    public async Task UpdateAsync(JsonElement update)
    {
        lock (_gate)
        {
            foreach (JsonProperty property in update.EnumerateObject())
            {
                if (property.Name == "audio")
                {
                    // audio.input / audio.output are merged field by field: a partial update keeps the rest.
                    JsonObject audio = _session["audio"]!.AsObject();
                    foreach (JsonProperty direction in property.Value.EnumerateObject())
                    {
                        JsonObject target = audio[direction.Name]!.AsObject();
                        foreach (JsonProperty field in direction.Value.EnumerateObject())
                        {
                            target[field.Name] = JsonNode.Parse(field.Value.GetRawText());
                        }
                    }
                }
                else
                {
                    _session[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }
        }

        await _events.SendAsync("session.updated", ("session", Snapshot())).ConfigureAwait(false);
    }

    // Read under the lock.
    private JsonNode? TurnDetection => _session["audio"]!["input"]!["turn_detection"];

    private string AudioFormat(string direction)
    {
        lock (_gate)
        {
            return _session["audio"]![direction]!["format"]?["type"]?.GetValue<string>() ?? FakeAudio.Pcm;
        }
    }

    private static JsonObject DefaultSession(string model) => new()
    {
        ["type"] = "realtime",
        ["object"] = "realtime.session",
        ["id"] = "sess_fake",
        ["model"] = model,
        ["output_modalities"] = new JsonArray("audio"),
        ["instructions"] = "You are a helpful assistant.",
        ["tools"] = new JsonArray(),
        ["tool_choice"] = "auto",
        ["max_output_tokens"] = "inf",
        ["tracing"] = null,
        ["truncation"] = "auto",
        ["prompt"] = null,
        ["expires_at"] = 0,
        ["audio"] = new JsonObject
        {
            ["input"] = new JsonObject
            {
                ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = 24000 },
                ["transcription"] = null,
                ["noise_reduction"] = null,
                ["turn_detection"] = new JsonObject
                {
                    ["type"] = "server_vad",
                    ["threshold"] = 0.5,
                    ["prefix_padding_ms"] = 300,
                    ["silence_duration_ms"] = 500,
                    ["idle_timeout_ms"] = null,
                    ["create_response"] = true,
                    ["interrupt_response"] = true,
                },
            },
            ["output"] = new JsonObject
            {
                ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = 24000 },
                ["voice"] = "alloy",
                ["speed"] = 1.0,
            },
        },
        ["include"] = null,
    };
}
