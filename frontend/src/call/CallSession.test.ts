import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { floatToPcm16 } from '../audio/pcm';
import type { FlushReason, PlaybackEvent } from '../audio/worklets/messages';
import {
  CallSession,
  CONNECTION_READY_DELAY_MS,
  GOODBYE_PLAYOUT_LIMIT_MS,
  type CallAudio,
  type CallEnvironment,
  type CallSocket,
} from './CallSession';
import type { CallAction } from './callReducer';

class FakeAudio implements CallAudio {
  readonly sampleRate = 48000;
  readonly played: { itemId: string | null; samples: number }[] = [];
  readonly flushes: FlushReason[] = [];
  onFrame: ((samples: Float32Array) => void) | null = null;
  microphoneError: Error | null = null;
  microphoneStopped = false;
  closed = false;

  constructor(readonly emit: (event: PlaybackEvent) => void) {}

  play(itemId: string | null, samples: Float32Array): void {
    this.played.push({ itemId, samples: samples.length });
  }
  flushPlayback(reason: FlushReason): void {
    this.flushes.push(reason);
  }
  async startMicrophone(onFrame: (samples: Float32Array) => void): Promise<void> {
    if (this.microphoneError) {
      throw this.microphoneError;
    }
    this.onFrame = onFrame;
  }
  stopMicrophone(): void {
    this.microphoneStopped = true;
    this.onFrame = null;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

class FakeSocket implements CallSocket {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  readonly sent: (string | ArrayBuffer)[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string | ArrayBuffer): void {
    this.sent.push(data);
  }
  close(code = 1000, reason = ''): void {
    this.closedWith = code;
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
  json(): unknown[] {
    return this.sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d) as unknown);
  }
}

function setup() {
  const actions: CallAction[] = [];
  const levels: number[] = [];
  let audio: FakeAudio | null = null;
  let socket: FakeSocket | null = null;
  const environment: CallEnvironment = {
    createAudio: async (emit) => (audio = new FakeAudio(emit)),
    createSocket: (url) => (socket = new FakeSocket(url)),
    location: { protocol: 'http:', host: 'localhost:5000' },
  };
  const session = new CallSession({ dispatch: (a) => actions.push(a), onLevel: (l) => levels.push(l) }, environment);
  return {
    session,
    actions,
    levels,
    audio: () => audio!,
    socket: () => socket!,
    types: () => actions.map((a) => (a.type === 'server' ? `server:${a.message.type}` : a.type)),
  };
}

async function startedCall() {
  const call = setup();
  await call.session.start();
  call.socket().open();
  return call;
}

const loud = () => new Float32Array(2400).fill(0.3);

describe('CallSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a typed field as contact_field_edit and marks it pending; nothing is sent without an open call', async () => {
    const call = setup();
    expect(call.session.editField('email', 'ada@example.com')).toBe(false);
    await call.session.start();
    expect(call.session.editField('email', 'ada@example.com')).toBe(false);
    call.socket().open();

    expect(call.session.editField('email', 'ada@example.com')).toBe(true);

    expect(call.socket().json()).toEqual([{ type: 'contact_field_edit', field: 'email', value: 'ada@example.com' }]);
    expect(call.actions).toContainEqual({ type: 'fieldEdited', field: 'email', value: 'ada@example.com' });
    call.session.end();
    expect(call.session.editField('email', 'x@y.co')).toBe(false);
  });

  it('connects in binary mode at the device rate with transcripts and response_done', async () => {
    const call = await startedCall();
    expect(call.socket().url).toBe(
      'ws://localhost:5000/ws?audio=binary&inputRate=48000&outputRate=48000&transcripts=1&responseDone=1',
    );
    expect(call.socket().binaryType).toBe('arraybuffer');
    expect(call.types()[0]).toBe('start');
  });

  it('starts the microphone 500 ms after ready, and sends 50 ms frames as binary PCM16', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS - 1);
    expect(call.audio().onFrame).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(call.audio().onFrame).not.toBeNull();
    expect(call.types()).toContain('microphoneStarted');

    call.audio().onFrame!(loud());
    const frame = call.socket().sent.at(-1);
    expect(frame).toBeInstanceOf(ArrayBuffer);
    expect((frame as ArrayBuffer).byteLength).toBe(4800);
    expect(call.levels.at(-1)).toBeCloseTo(0.3, 5);
  });

  it('keeps the microphone on across reconnecting and the ready that follows it', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS);
    const onFrame = call.audio().onFrame;
    expect(onFrame).not.toBeNull();

    call.socket().receive(JSON.stringify({ type: 'reconnecting' }));
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS);

    expect(call.audio().onFrame).toBe(onFrame);
    expect(call.audio().microphoneStopped).toBe(false);
    expect(call.types().filter((t) => t === 'microphoneStarted')).toHaveLength(1);
  });

  it('plays binary audio as the item announced by audio_item, and audio_delta resampled to the device rate', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'audio_item', itemId: 'item_1' }));
    call.socket().receive(floatToPcm16(new Float32Array(960)));
    const base64 = Buffer.from(floatToPcm16(new Float32Array(240))).toString('base64');
    call.socket().receive(JSON.stringify({ type: 'audio_delta', itemId: 'item_2', data: base64 }));
    expect(call.audio().played).toEqual([
      { itemId: 'item_1', samples: 960 },
      { itemId: 'item_2', samples: 480 },
    ]);
  });

  it('stops playback at once on listening and reports the exact final position', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'listening' }));
    expect(call.audio().flushes).toEqual(['listening']);
    call.audio().emit({ type: 'flushed', reason: 'listening', position: { itemId: 'item_1', playedMs: 730 } });
    expect(call.socket().json().at(-1)).toEqual({ type: 'playback', itemId: 'item_1', playedMs: 730 });
  });

  it('does not play what is still in flight of an interrupted item, but plays the next item', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'audio_item', itemId: 'item_1' }));
    call.socket().receive(floatToPcm16(new Float32Array(100)));
    call.socket().receive(JSON.stringify({ type: 'listening' }));
    call.socket().receive(floatToPcm16(new Float32Array(100)));
    const base64 = Buffer.from(floatToPcm16(new Float32Array(50))).toString('base64');
    call.socket().receive(JSON.stringify({ type: 'audio_delta', itemId: 'item_1', data: base64 }));
    call.socket().receive(JSON.stringify({ type: 'audio_item', itemId: 'item_2' }));
    call.socket().receive(floatToPcm16(new Float32Array(100)));
    expect(call.audio().played).toEqual([
      { itemId: 'item_1', samples: 100 },
      { itemId: 'item_2', samples: 100 },
    ]);
  });

  it('forwards playback progress to the host', async () => {
    const call = await startedCall();
    call.audio().emit({ type: 'progress', itemId: 'item_1', playedMs: 100 });
    expect(call.socket().json()).toEqual([{ type: 'playback', itemId: 'item_1', playedMs: 100 }]);
  });

  it('cuts the AI off when the caller keeps talking over it, then sends cancel with the played position', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS);
    call.audio().emit({ type: 'started' });
    for (let i = 0; i < 6; i++) {
      call.audio().onFrame!(loud());
    }
    expect(call.audio().flushes).toEqual(['cancel']);
    expect(call.types()).toContain('localVoice');
    call.audio().emit({ type: 'flushed', reason: 'cancel', position: { itemId: 'item_1', playedMs: 1234 } });
    expect(call.socket().json().at(-1)).toEqual({ type: 'cancel', itemId: 'item_1', playedMs: 1234 });
  });

  it('does not cut the AI off for talking while it is silent', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS);
    for (let i = 0; i < 10; i++) {
      call.audio().onFrame!(loud());
    }
    expect(call.audio().flushes).toEqual([]);
  });

  it('End Call releases the microphone and the audio, closes the socket, and never starts a pending microphone', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    call.session.end();
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS * 2);
    expect(call.audio().closed).toBe(true);
    expect(call.audio().onFrame).toBeNull();
    expect(call.socket().closedWith).toBe(1000);
    expect(call.types()).toContain('end');
  });

  it('a denied microphone is reported and the call is closed', async () => {
    const call = await startedCall();
    call.audio().microphoneError = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS);
    expect(call.actions).toContainEqual({ type: 'microphoneFailed', failure: 'denied' });
    expect(call.audio().closed).toBe(true);
    expect(call.socket().closedWith).toBe(1000);
  });

  it('a fatal error from the host stops the audio; a bad_message notice does not', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'error', code: 'bad_message', data: 'x' }));
    expect(call.audio().closed).toBe(false);
    call.socket().receive(JSON.stringify({ type: 'error', code: 'model_disconnected', data: 'x' }));
    expect(call.audio().closed).toBe(true);
  });

  it('ignores malformed messages from the host', async () => {
    const call = await startedCall();
    const before = call.actions.length;
    call.socket().receive('{not json');
    call.socket().receive(JSON.stringify({ type: 'something_new' }));
    expect(call.actions.length).toBe(before);
  });

  it('reports a socket that closes before it opened as unreachable', async () => {
    const call = setup();
    await call.session.start();
    call.socket().close(1006);
    expect(call.actions.at(-1)).toEqual({ type: 'socketClosed', wasOpen: false, code: 1006, reason: '' });
  });

  it('when the assistant ends the call, stops the microphone at once and lets the goodbye play out before releasing the audio', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'ready' }));
    await vi.advanceTimersByTimeAsync(CONNECTION_READY_DELAY_MS);
    call.socket().receive(JSON.stringify({ type: 'audio_item', itemId: 'item_bye' }));
    call.socket().receive(floatToPcm16(new Float32Array(960)));
    call.socket().close(1000, 'completed');
    expect(call.audio().microphoneStopped).toBe(true);
    expect(call.audio().closed).toBe(false);
    expect(call.actions.at(-1)).toEqual({ type: 'socketClosed', wasOpen: true, code: 1000, reason: 'completed' });
    call.audio().emit({ type: 'started' });
    call.audio().emit({ type: 'drained' });
    expect(call.audio().closed).toBe(true);
  });

  it('releases the audio of a goodbye that never reports its end after the play-out limit', async () => {
    const call = await startedCall();
    call.socket().receive(JSON.stringify({ type: 'audio_item', itemId: 'item_bye' }));
    call.socket().receive(floatToPcm16(new Float32Array(960)));
    call.socket().close(1000, 'completed');
    await vi.advanceTimersByTimeAsync(GOODBYE_PLAYOUT_LIMIT_MS - 1);
    expect(call.audio().closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.audio().closed).toBe(true);
  });

  it('releases the audio at once when the assistant ends the call with nothing left to play, or the host closes for another reason', async () => {
    const completed = await startedCall();
    completed.socket().close(1000, 'completed');
    expect(completed.audio().closed).toBe(true);
    const other = await startedCall();
    other.socket().receive(floatToPcm16(new Float32Array(960)));
    other.socket().close(1000, 'call ended');
    expect(other.audio().closed).toBe(true);
  });
});
