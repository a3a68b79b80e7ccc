using System;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>
/// One WebSocket message a fuzz test sends: its bytes, its type, and where it is cut into fragments (each sent with
/// <c>endOfMessage</c> false but the last), so messages also arrive split at odd boundaries.
/// </summary>
internal sealed record FuzzFrame(byte[] Payload, WebSocketMessageType Type, int[] Cuts)
{
    public static FuzzFrame Text(string text) => new(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, []);

    /// <summary>Whether this is a text message whose bytes are not UTF-8 (the WebSocket layer closes on it with 1007, RFC 6455 §8.1).</summary>
    public bool IsInvalidText => Type == WebSocketMessageType.Text && !System.Text.Unicode.Utf8.IsValid(Payload);

    /// <summary>Sends the message fragment by fragment; false when the connection is no longer there to take it.</summary>
    public async Task<bool> TrySendAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var start = 0;
        try
        {
            foreach (var cut in Cuts.Where(c => c > 0 && c < Payload.Length).Distinct().Order())
            {
                await socket.SendAsync(Payload.AsMemory(start, cut - start), Type, endOfMessage: false, cancellationToken);
                start = cut;
            }

            await socket.SendAsync(Payload.AsMemory(start), Type, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The server closed or dropped the call meanwhile (a close is checked by the test, not here).
            return false;
        }
    }

    /// <summary>For CsCheck's report of a failing case: the type, size, cuts and the start of the bytes (escaped).</summary>
    public override string ToString()
    {
        var head = Payload.AsSpan(0, Math.Min(Payload.Length, 160));
        var shown = Type == WebSocketMessageType.Text
            ? string.Concat(head.ToArray().Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"))
            : Convert.ToHexString(head);
        return string.Create(CultureInfo.InvariantCulture, $"{Type} {Payload.Length} B cut at [{string.Join(",", Cuts)}]: {shown}{(Payload.Length > head.Length ? "…" : "")}");
    }
}
