using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

/// <summary>A fake server connection's receive loop: whole text messages to the handler, in order, until the client closes
/// (answered with a normal close) or the connection ends. Shared by the Realtime and GPT-Live fakes.</summary>
internal static class FakeMessageReceiver
{
    /// <param name="socket">The client's socket.</param>
    /// <param name="events">Sends the close answer (behind any send in progress).</param>
    /// <param name="readAfterCloseSent">Goes on reading after the server sent its close frame, until the client's answer.</param>
    /// <param name="handleMessage">Takes each message's text.</param>
    /// <param name="aborted">Ends the loop (the server stops or drops the connection).</param>
    public static async Task RunAsync(WebSocket socket, FakeEventSender events, bool readAfterCloseSent, Func<string, Task> handleMessage, CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (socket.State == WebSocketState.Open || (readAfterCloseSent && socket.State == WebSocketState.CloseSent))
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), aborted).ConfigureAwait(false);
                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await events.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty).ConfigureAwait(false);
                }

                return;
            }

            await handleMessage(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        }
    }
}
