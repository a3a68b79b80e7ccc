using System.Collections;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Relay;

/// <summary>The logging scope of one call: a structured <c>CallId</c> on every log line of the call.</summary>
internal readonly struct CallLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly string _callId;

    public CallLogScope(string callId) => _callId = callId;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] => new("CallId", _callId);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "CallId:" + _callId;
}
