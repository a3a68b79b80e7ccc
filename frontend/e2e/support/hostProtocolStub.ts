// A STUB OF THE HOST'S CALLER PROTOCOL (docs/client-protocol.md), not of OpenAI.
// It stands in for samples/VoiceContacts.Host only where the real host cannot run; it follows a
// fixed script: greet, detect the caller's speech by energy, "save" a fixed contact, answer.
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export const STUB_CONTACT = {
  id: 'stub-1',
  name: 'John Smith',
  email: 'john.smith@gmail.com',
  phone: '+15550123456',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

export const STUB_GREETING = "Hi! I'm the VoiceContacts assistant. What's your full name?";

export interface StubOptions {
  /** Length of the greeting's audio. */
  readonly greetingSeconds: number;
  /** Loud 50 ms frames before the stub says `listening` (a slow model VAD leaves room for a local barge-in). */
  readonly speechStartFrames: number;
  /** The assistant ends the call right after sending its greeting, as the host does when the agent calls end_call (close 1000 `completed`). */
  readonly endAfterGreeting: boolean;
}

const DEFAULT_OPTIONS: StubOptions = { greetingSeconds: 1.2, speechStartFrames: 3, endAfterGreeting: false };

export interface HostProtocolStub {
  readonly port: number;
  /** JSON messages received from the page (audio excluded). */
  readonly received: unknown[];
  /** Binary audio frames received. */
  binaryFrames(): number;
  close(): Promise<void>;
}

interface CallOptions {
  binary: boolean;
  inputRate: number;
  outputRate: number;
  transcripts: boolean;
  responseDone: boolean;
}

function callOptions(request: IncomingMessage): CallOptions {
  const query = new URL(request.url ?? '/', 'http://stub').searchParams;
  const binary = query.get('audio') === 'binary';
  return {
    binary,
    inputRate: binary ? Number(query.get('inputRate') ?? 24000) : 24000,
    outputRate: binary ? Number(query.get('outputRate') ?? 24000) : 24000,
    transcripts: query.get('transcripts') === '1',
    responseDone: query.get('responseDone') === '1',
  };
}

function tone(rate: number, seconds: number): Buffer {
  const samples = Math.round(rate * seconds);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 330 * i) / rate) * 6000), i * 2);
  }
  return pcm;
}

function rmsOf(pcm: Buffer): number {
  let sum = 0;
  const count = Math.floor(pcm.length / 2);
  for (let i = 0; i < count; i++) {
    const s = pcm.readInt16LE(i * 2) / 32768;
    sum += s * s;
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}

export function startHostProtocolStub(overrides: Partial<StubOptions> = {}): Promise<HostProtocolStub> {
  const { greetingSeconds, speechStartFrames, endAfterGreeting } = { ...DEFAULT_OPTIONS, ...overrides };
  const received: unknown[] = [];
  let binaryFrames = 0;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });

  server.on('connection', (socket: WebSocket, request) => {
    const options = callOptions(request);
    const send = (message: object) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(message));
    let itemCounter = 0;

    const reply = (text: string, seconds: number) => {
      const itemId = `stub_item_${++itemCounter}`;
      const pcm = tone(options.outputRate, seconds);
      if (options.binary) {
        send({ type: 'audio_item', itemId });
        const frameBytes = Math.round(options.outputRate / 10) * 2;
        for (let offset = 0; offset < pcm.length; offset += frameBytes) {
          socket.send(pcm.subarray(offset, offset + frameBytes));
        }
      } else {
        send({ type: 'audio_delta', itemId, data: pcm.toString('base64') });
      }
      if (options.transcripts) {
        send({ type: 'transcript_delta', role: 'assistant', itemId, delta: text });
        send({ type: 'transcript', role: 'assistant', itemId, text });
      }
      send({ type: 'text', data: text });
      if (options.responseDone) {
        send({ type: 'response_done', status: 'completed', responseId: `stub_resp_${itemCounter}` });
      }
    };

    send({ type: 'ready' });
    reply(STUB_GREETING, greetingSeconds);
    if (endAfterGreeting) {
      // Everything of the goodbye was sent first; the close follows it, as the host's does.
      socket.close(1000, 'completed');
      return;
    }

    // Energy-based turn detection over the caller's audio (what the model's VAD does for the host).
    const frameMs = 50;
    let speaking = false;
    let loud = 0;
    let quiet = 0;
    let turns = 0;
    const onAudio = (pcm: Buffer) => {
      const level = rmsOf(pcm);
      if (!speaking) {
        loud = level > 0.02 ? loud + 1 : 0;
        if (loud >= speechStartFrames) {
          speaking = true;
          quiet = 0;
          send({ type: 'listening' });
        }
      } else {
        quiet = level < 0.01 ? quiet + 1 : 0;
        if (quiet * frameMs >= 600) {
          speaking = false;
          loud = 0;
          turns++;
          send({ type: 'processing' });
          const userItem = `stub_user_${turns}`;
          if (options.transcripts) {
            send({ type: 'transcript', role: 'user', itemId: userItem, text: '(speech heard by the stub)' });
          }
          send({ type: turns === 1 ? 'contact_saved' : 'contact_updated', data: STUB_CONTACT });
          reply('Thanks John, I saved your contact.', 0.8);
        }
      }
    };

    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        binaryFrames++;
        onAudio(Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]));
        return;
      }
      let message: { type?: unknown; data?: unknown };
      try {
        message = JSON.parse(String(data)) as { type?: unknown; data?: unknown };
      } catch {
        send({ type: 'error', code: 'bad_message', data: 'malformed JSON' });
        return;
      }
      received.push(message);
      if (message.type === 'audio_chunk' && typeof message.data === 'string') {
        onAudio(Buffer.from(message.data, 'base64'));
      } else if (message.type !== 'cancel' && message.type !== 'playback') {
        send({ type: 'error', code: 'bad_message', data: `unknown type ${String(message.type)}` });
      }
    });
  });

  return new Promise((resolve) => {
    server.on('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        received,
        binaryFrames: () => binaryFrames,
        close: () =>
          new Promise<void>((r) => {
            server.clients.forEach((c) => c.terminate());
            server.close(() => r());
          }),
      });
    });
  });
}
