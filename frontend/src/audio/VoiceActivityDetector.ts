/** Thresholds of the local voice activity detector. */
export interface VadOptions {
  /** RMS above which a frame counts as speech (0..1). */
  readonly startThreshold: number;
  /** RMS below which a frame counts as silence; lower than startThreshold (hysteresis). */
  readonly stopThreshold: number;
  /** Consecutive speech frames needed to switch to speaking. */
  readonly startFrames: number;
  /** Consecutive silent frames needed to switch back to silent. */
  readonly stopFrames: number;
}

/** Defaults tuned for 50 ms frames: 100 ms of speech to start, 400 ms of silence to stop. */
export const DEFAULT_VAD_OPTIONS: VadOptions = {
  startThreshold: 0.02,
  stopThreshold: 0.01,
  startFrames: 2,
  stopFrames: 8,
};

/**
 * Local voice activity detection by RMS with hysteresis, as in the seed's useRealtimeAudio.
 * It only drives UI hints ("Your turn", "Interrupting") and the local barge-in; the model's own
 * semantic VAD decides turns.
 */
export class VoiceActivityDetector {
  private speaking = false;
  private run = 0;

  constructor(private readonly options: VadOptions = DEFAULT_VAD_OPTIONS) {
    if (options.stopThreshold > options.startThreshold) {
      throw new RangeError('stopThreshold must not exceed startThreshold');
    }
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** Feeds the RMS of one frame; returns true when the speaking state changed. */
  update(level: number): boolean {
    if (!this.speaking) {
      this.run = level >= this.options.startThreshold ? this.run + 1 : 0;
      if (this.run >= this.options.startFrames) {
        this.speaking = true;
        this.run = 0;
        return true;
      }
    } else {
      this.run = level < this.options.stopThreshold ? this.run + 1 : 0;
      if (this.run >= this.options.stopFrames) {
        this.speaking = false;
        this.run = 0;
        return true;
      }
    }
    return false;
  }

  reset(): void {
    this.speaking = false;
    this.run = 0;
  }
}
