// The Web Audio side of a call: one AudioContext at the device rate, a capture worklet fed by the
// microphone and a playback worklet that queues the AI's audio.
import captureWorkletUrl from './worklets/capture.worklet.ts?worker&url';
import playbackWorkletUrl from './worklets/playback.worklet.ts?worker&url';
import {
  CAPTURE_PROCESSOR,
  PLAYBACK_PROCESSOR,
  type CaptureFrameMessage,
  type FlushReason,
  type PlaybackCommand,
  type PlaybackEvent,
} from './worklets/messages';

/** The microphone settings of the seed, asked for explicitly. */
export const MICROPHONE_CONSTRAINTS: MediaStreamConstraints = {
  audio: {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    channelCount: 1,
  },
  video: false,
};

/** Thrown when the browser has no way to reach a microphone (no mediaDevices: insecure page). */
export class InsecureContextError extends Error {
  override readonly name = 'InsecureContextError';
}

export class AudioEngine {
  private microphone: MediaStream | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private capture: AudioWorkletNode | null = null;
  private closed = false;

  private constructor(
    private readonly context: AudioContext,
    private readonly playback: AudioWorkletNode,
  ) {}

  /**
   * Creates the AudioContext and loads both worklets. Call it from the click handler: the
   * context is created before the first await so the browser counts it as a user gesture.
   */
  static async create(onPlaybackEvent: (event: PlaybackEvent) => void): Promise<AudioEngine> {
    const context = new AudioContext({ latencyHint: 'interactive' });
    try {
      await context.resume();
      await context.audioWorklet.addModule(captureWorkletUrl);
      await context.audioWorklet.addModule(playbackWorkletUrl);
      const playback = new AudioWorkletNode(context, PLAYBACK_PROCESSOR, {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [1],
      });
      playback.port.onmessage = (event: MessageEvent<PlaybackEvent>) => onPlaybackEvent(event.data);
      playback.connect(context.destination);
      return new AudioEngine(context, playback);
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  /** The device rate: microphone frames are captured at it and the AI's audio is played at it. */
  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** Queues AI audio (float samples at the device rate) of an assistant item. */
  play(itemId: string | null, samples: Float32Array): void {
    if (this.closed || samples.length === 0) {
      return;
    }
    const command: PlaybackCommand = { type: 'push', itemId, samples };
    this.playback.port.postMessage(command, [samples.buffer]);
  }

  /** Stops the AI's audio at once; the worklet answers with a `flushed` event carrying the exact position. */
  flushPlayback(reason: FlushReason): void {
    if (!this.closed) {
      const command: PlaybackCommand = { type: 'flush', reason };
      this.playback.port.postMessage(command);
    }
  }

  /** Opens the microphone and calls onFrame with every 50 ms frame (float samples at the device rate). */
  async startMicrophone(onFrame: (samples: Float32Array) => void): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new InsecureContextError('navigator.mediaDevices is not available');
    }
    const stream = await navigator.mediaDevices.getUserMedia(MICROPHONE_CONSTRAINTS);
    if (this.closed) {
      // The call ended while the permission prompt was open.
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    this.microphone = stream;
    this.source = this.context.createMediaStreamSource(stream);
    this.capture = new AudioWorkletNode(this.context, CAPTURE_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 1,
      channelCountMode: 'explicit',
    });
    this.capture.port.onmessage = (event: MessageEvent<CaptureFrameMessage>) => onFrame(event.data.samples);
    this.source.connect(this.capture);
    // The capture node outputs silence; connecting it keeps the graph pulling it every quantum.
    this.capture.connect(this.context.destination);
  }

  /** Releases the microphone: every track is stopped so the browser's recording indicator goes off. */
  stopMicrophone(): void {
    this.capture?.port.close();
    this.capture?.disconnect();
    this.source?.disconnect();
    this.microphone?.getTracks().forEach((track) => track.stop());
    this.capture = null;
    this.source = null;
    this.microphone = null;
  }

  /** Ends all audio: microphone released, playback dropped, AudioContext closed. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.stopMicrophone();
    this.closed = true;
    this.playback.port.close();
    this.playback.disconnect();
    await this.context.close().catch(() => undefined);
  }
}
