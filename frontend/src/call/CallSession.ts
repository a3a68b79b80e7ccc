// One call: the WebSocket to the host and the AudioEngine, wired together. React state lives in
// the reducer; this class only performs side effects and reports them as actions.
import { AudioEngine } from '../audio/AudioEngine';
import { rms } from '../audio/pcm';
import { VoiceActivityDetector } from '../audio/VoiceActivityDetector';
import { decodeAudioDelta, decodeBinaryAudio, encodeMicrophoneFrame, type AudioWireMode } from '../audio/wireAudio';
import type { PlaybackEvent } from '../audio/worklets/messages';
import { audioModeOf, buildCallUrl } from '../protocol/callUrl';
import { classifyMicrophoneError, describeServerError, isCompletedClose } from '../protocol/errorMessages';
import { cancelMessage, contactFieldEditMessage, parseServerMessage, playbackMessage, type ContactField, type ServerMessage } from '../protocol/messages';
import type { CallAction } from './callReducer';

/** The seed's CONNECTION_READY_DELAY: the microphone starts this long after `ready`. */
export const CONNECTION_READY_DELAY_MS = 500;

/** The caller must keep talking this long over the AI before the AI is cut off locally. */
const BARGE_IN_CONFIRM_FRAMES = 5; // 5 x 50 ms

/** After the assistant ends the call, its goodbye plays out; the audio is released at the latest this much later. */
export const GOODBYE_PLAYOUT_LIMIT_MS = 30_000;

export interface CallSessionCallbacks {
  dispatch(action: CallAction): void;
  /** Microphone level (RMS of the last 50 ms frame, 0..1), for the meter. */
  onLevel(level: number): void;
}

/** The audio side a call needs (AudioEngine in the browser). */
export type CallAudio = Pick<
  AudioEngine,
  'sampleRate' | 'play' | 'flushPlayback' | 'startMicrophone' | 'stopMicrophone' | 'close'
>;

/** The part of a WebSocket a call uses. */
export interface CallSocket {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

/** Where a call gets its audio, its socket and its page address from (the browser's, unless a test says otherwise). */
export interface CallEnvironment {
  createAudio(onPlaybackEvent: (event: PlaybackEvent) => void): Promise<CallAudio>;
  createSocket(url: string): CallSocket;
  readonly location: { readonly protocol: string; readonly host: string };
}

const browserEnvironment: CallEnvironment = {
  createAudio: (onPlaybackEvent) => AudioEngine.create(onPlaybackEvent),
  createSocket: (url) => new WebSocket(url),
  get location() {
    return window.location;
  },
};

const OPEN = 1; // WebSocket.OPEN, spelled out so this module also loads outside a browser

export class CallSession {
  private socket: CallSocket | null = null;
  private engine: CallAudio | null = null;
  private mode: AudioWireMode = 'binary';
  private socketOpened = false;
  private ended = false;
  private micTimer: ReturnType<typeof setTimeout> | null = null;
  private microphoneRequested = false;
  private readonly vad = new VoiceActivityDetector();
  private currentAudioItem: string | null = null;
  /** Items the caller interrupted: audio of theirs still in flight is not played. */
  private readonly interruptedItems = new Set<string>();
  private aiSpeaking = false;
  /** Audio was queued for playback and has not finished playing (or been flushed) yet. */
  private playbackPending = false;
  /** The call is over but the assistant's goodbye is still playing: release the audio once it has. */
  private releaseWhenDrained = false;
  private goodbyeTimer: ReturnType<typeof setTimeout> | null = null;
  private bargeInFrames = 0;

  constructor(
    private readonly callbacks: CallSessionCallbacks,
    private readonly environment: CallEnvironment = browserEnvironment,
  ) {}

  /** Starts the call. Must be called from a click handler (the AudioContext needs a user gesture). */
  async start(): Promise<void> {
    const { dispatch } = this.callbacks;
    dispatch({ type: 'start', transcriptsEnabled: true, responseDoneEnabled: true });
    try {
      this.engine = await this.environment.createAudio((event) => this.onPlaybackEvent(event));
    } catch (error) {
      dispatch({ type: 'audioFailed', detail: error instanceof Error ? error.message : String(error) });
      this.end();
      return;
    }
    if (this.ended) {
      await this.engine.close();
      return;
    }
    const url = buildCallUrl(this.environment.location, {
      audio: 'binary',
      sampleRate: this.engine.sampleRate,
      transcripts: true,
      responseDone: true,
    });
    this.mode = audioModeOf(url);
    const socket = this.environment.createSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.socketOpened = true;
    };
    socket.onmessage = (event: MessageEvent<unknown>) => this.onSocketMessage(event.data);
    socket.onclose = (event: CloseEvent) => {
      const reason = event.reason ?? '';
      if (isCompletedClose(event.code, reason) && this.playbackPending) {
        this.playOutGoodbye();
      } else {
        this.releaseAudio();
      }
      dispatch({ type: 'socketClosed', wasOpen: this.socketOpened, code: event.code, reason });
    };
    this.socket = socket;
  }

  /**
   * Sends a field the caller typed into the form; the host answers with contact_field (and contact_saved/updated when it
   * stored it). Returns false when there is no open call to send it to.
   */
  editField(field: ContactField, value: string): boolean {
    if (this.ended || this.socket?.readyState !== OPEN) {
      return false;
    }
    this.callbacks.dispatch({ type: 'fieldEdited', field, value });
    this.send(contactFieldEditMessage(field, value));
    return true;
  }

  /** Ends the call: microphone released, AudioContext closed, socket closed. Safe to call twice. */
  end(): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.callbacks.dispatch({ type: 'end' });
    this.releaseAudio();
    if (this.socket && this.socket.readyState <= OPEN) {
      this.socket.close(1000, 'call ended');
    }
  }

  private send(data: string | ArrayBuffer): void {
    if (this.socket?.readyState === OPEN) {
      this.socket.send(data);
    }
  }

  private releaseAudio(): void {
    if (this.micTimer !== null) {
      clearTimeout(this.micTimer);
      this.micTimer = null;
    }
    if (this.goodbyeTimer !== null) {
      clearTimeout(this.goodbyeTimer);
      this.goodbyeTimer = null;
    }
    this.releaseWhenDrained = false;
    this.callbacks.onLevel(0);
    void this.engine?.close();
  }

  /**
   * The assistant ended the call after its goodbye, which the host sent before closing: the microphone stops now, the
   * goodbye plays to its end (bounded, in case the player never reports it), then the audio is released.
   */
  private playOutGoodbye(): void {
    if (this.micTimer !== null) {
      clearTimeout(this.micTimer);
      this.micTimer = null;
    }
    this.engine?.stopMicrophone();
    this.callbacks.onLevel(0);
    this.releaseWhenDrained = true;
    this.goodbyeTimer = setTimeout(() => this.releaseAudio(), GOODBYE_PLAYOUT_LIMIT_MS);
  }

  private onSocketMessage(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      // Binary mode: PCM16 at our outputRate, belonging to the last announced audio_item.
      if (!this.isInterrupted(this.currentAudioItem)) {
        this.play(this.currentAudioItem, decodeBinaryAudio(data));
      }
      return;
    }
    if (typeof data !== 'string') {
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      // Forward compatible: an unknown or malformed message from the host is ignored.
      console.warn(`Ignoring a message from the host: ${parsed.reason}`);
      return;
    }
    this.applySideEffects(parsed.message);
    this.callbacks.dispatch({ type: 'server', message: parsed.message });
  }

  private applySideEffects(message: ServerMessage): void {
    switch (message.type) {
      case 'ready':
        // Once: a ready after reconnecting finds the microphone already on (or starting).
        if (!this.microphoneRequested) {
          this.microphoneRequested = true;
          this.micTimer = setTimeout(() => void this.startMicrophone(), CONNECTION_READY_DELAY_MS);
        }
        break;
      case 'listening':
        // The model heard the caller: stop the AI's voice at once.
        this.interrupt('listening');
        break;
      case 'audio_item':
        this.currentAudioItem = message.itemId;
        break;
      case 'audio_delta':
        this.currentAudioItem = message.itemId ?? this.currentAudioItem;
        if (this.engine && !this.isInterrupted(message.itemId)) {
          this.play(message.itemId, decodeAudioDelta(message.data, this.engine.sampleRate));
        }
        break;
      case 'error':
        // The host closes the socket after a fatal error; stop audio now rather than then.
        if (describeServerError(message.code, message.data).severity !== 'notice') {
          this.releaseAudio();
        }
        break;
      default:
        break;
    }
  }

  private async startMicrophone(): Promise<void> {
    this.micTimer = null;
    const engine = this.engine;
    if (!engine || this.ended) {
      return;
    }
    try {
      await engine.startMicrophone((frame) => this.onMicrophoneFrame(frame, engine.sampleRate));
      if (!this.ended) {
        this.callbacks.dispatch({ type: 'microphoneStarted' });
      }
    } catch (error) {
      this.callbacks.dispatch({ type: 'microphoneFailed', failure: classifyMicrophoneError(error) });
      this.releaseAudio();
      this.socket?.close(1000, 'microphone unavailable');
    }
  }

  private onMicrophoneFrame(frame: Float32Array, sampleRate: number): void {
    const level = rms(frame);
    this.callbacks.onLevel(level);
    if (this.vad.update(level)) {
      this.callbacks.dispatch({ type: 'localVoice', speaking: this.vad.isSpeaking });
    }
    this.checkBargeIn();
    this.send(encodeMicrophoneFrame(frame, sampleRate, this.mode));
  }

  /** The caller kept talking over the AI: cut it off here, and tell the host exactly where. */
  private checkBargeIn(): void {
    this.bargeInFrames = this.vad.isSpeaking && this.aiSpeaking ? this.bargeInFrames + 1 : 0;
    if (this.bargeInFrames === BARGE_IN_CONFIRM_FRAMES) {
      this.interrupt('cancel');
    }
  }

  /** Flushes playback and ignores the rest of the item that was playing. */
  private interrupt(reason: 'listening' | 'cancel'): void {
    if (this.currentAudioItem !== null) {
      this.interruptedItems.add(this.currentAudioItem);
    }
    this.engine?.flushPlayback(reason);
  }

  private play(itemId: string | null, samples: Float32Array): void {
    if (this.engine && samples.length > 0) {
      this.playbackPending = true;
      this.engine.play(itemId, samples);
    }
  }

  private isInterrupted(itemId: string | null): boolean {
    return itemId !== null && this.interruptedItems.has(itemId);
  }

  private onPlaybackEvent(event: PlaybackEvent): void {
    const { dispatch } = this.callbacks;
    switch (event.type) {
      case 'started':
        this.aiSpeaking = true;
        dispatch({ type: 'playbackStarted' });
        break;
      case 'drained':
        this.aiSpeaking = false;
        this.playbackPending = false;
        dispatch({ type: 'playbackDrained' });
        if (this.releaseWhenDrained) {
          this.releaseAudio();
        }
        break;
      case 'progress':
        this.send(playbackMessage(event.itemId, event.playedMs));
        break;
      case 'flushed':
        this.aiSpeaking = false;
        this.playbackPending = false;
        if (event.reason === 'cancel') {
          this.send(cancelMessage(event.position));
        } else if (event.reason === 'listening' && event.position) {
          // The host truncates on speech start; give it the final, exact position.
          this.send(playbackMessage(event.position.itemId, event.position.playedMs));
        }
        dispatch({ type: 'playbackFlushed' });
        break;
    }
  }
}
