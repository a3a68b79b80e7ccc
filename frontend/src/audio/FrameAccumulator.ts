/**
 * Collects arbitrary-length chunks of samples (an AudioWorklet renders 128 at a time) into
 * fixed-size frames. Used by the capture worklet to post one 50 ms frame at a time.
 */
export class FrameAccumulator {
  private readonly frame: Float32Array;
  private filled = 0;

  constructor(readonly frameSize: number) {
    if (!Number.isInteger(frameSize) || frameSize <= 0) {
      throw new RangeError(`frameSize must be a positive integer, got ${frameSize}`);
    }
    this.frame = new Float32Array(frameSize);
  }

  /** Samples waiting for the next frame. */
  get pending(): number {
    return this.filled;
  }

  /**
   * Appends samples and calls onFrame with a copy of every frame completed by them, in order.
   * The copy is the caller's to keep (it is transferred to the main thread).
   */
  push(samples: Float32Array, onFrame: (frame: Float32Array) => void): void {
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.frameSize - this.filled, samples.length - offset);
      this.frame.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameSize) {
        onFrame(this.frame.slice());
        this.filled = 0;
      }
    }
  }

  /** Drops any partial frame (used when capture stops). */
  reset(): void {
    this.filled = 0;
  }
}
