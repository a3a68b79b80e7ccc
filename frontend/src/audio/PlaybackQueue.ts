/** How far playback of one assistant item has got, in milliseconds of audio actually rendered. */
export interface PlaybackPosition {
  readonly itemId: string;
  readonly playedMs: number;
}

/** What the queue tells its owner while rendering. */
export interface PlaybackQueueListener {
  /** Audio started coming out after silence. */
  onStart(): void;
  /** The queue ran dry: everything that was queued has been played. */
  onDrain(): void;
  /** An item's played position advanced by at least the report interval, or the item ended. */
  onProgress(position: PlaybackPosition): void;
}

interface Segment {
  readonly itemId: string | null;
  readonly samples: Float32Array;
  offset: number;
}

/**
 * The assistant's audio waiting to be played, kept in the playback AudioWorklet.
 * It counts, per assistant item, how many samples were really rendered so the server can
 * truncate the model's reply at exactly what the caller heard when they barge in.
 */
export class PlaybackQueue {
  private readonly segments: Segment[] = [];
  private readonly played = new Map<string, number>();
  private readonly reported = new Map<string, number>();
  private readonly reportIntervalSamples: number;
  private playing = false;
  private lastItemId: string | null = null;

  constructor(
    readonly sampleRate: number,
    private readonly listener: PlaybackQueueListener,
    reportIntervalMs = 50,
  ) {
    this.reportIntervalSamples = Math.max(1, Math.round((sampleRate * reportIntervalMs) / 1000));
  }

  /** Samples queued and not yet played. */
  get queuedSamples(): number {
    let total = 0;
    for (const s of this.segments) {
      total += s.samples.length - s.offset;
    }
    return total;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** Queues samples of an assistant item (null when the server did not say which item). */
  push(itemId: string | null, samples: Float32Array): void {
    if (samples.length > 0) {
      this.segments.push({ itemId, samples, offset: 0 });
    }
  }

  /** Played position of an item so far (0 if none of it was played). */
  positionOf(itemId: string): PlaybackPosition {
    return { itemId, playedMs: this.toMs(this.played.get(itemId) ?? 0) };
  }

  /**
   * Fills out with the next samples (silence when the queue is empty) and notifies the listener.
   * Called once per render quantum by the worklet.
   */
  render(out: Float32Array): void {
    let written = 0;
    while (written < out.length && this.segments.length > 0) {
      const segment = this.segments[0]!;
      if (!this.playing) {
        this.playing = true;
        this.listener.onStart();
      }
      const take = Math.min(out.length - written, segment.samples.length - segment.offset);
      out.set(segment.samples.subarray(segment.offset, segment.offset + take), written);
      segment.offset += take;
      written += take;
      if (segment.itemId !== null) {
        this.lastItemId = segment.itemId;
        this.advance(segment.itemId, take);
      }
      if (segment.offset === segment.samples.length) {
        this.segments.shift();
        const next = this.segments[0];
        if (segment.itemId !== null && next?.itemId !== segment.itemId) {
          // The item's audio (so far) ended: report its exact final position.
          this.report(segment.itemId);
        }
      }
    }
    out.fill(0, written);
    if (this.playing && this.segments.length === 0) {
      this.playing = false;
      this.listener.onDrain();
    }
  }

  /**
   * Drops everything queued at once (barge-in or end of call) and returns the exact position of
   * the item that was being played, or null when nothing was playing.
   */
  flush(): PlaybackPosition | null {
    const current = this.segments[0]?.itemId ?? this.lastItemId;
    const wasActive = this.playing || this.segments.length > 0;
    this.segments.length = 0;
    this.playing = false;
    if (!wasActive || current === null) {
      return null;
    }
    return this.positionOf(current);
  }

  private advance(itemId: string, samples: number): void {
    const total = (this.played.get(itemId) ?? 0) + samples;
    this.played.set(itemId, total);
    if (total - (this.reported.get(itemId) ?? 0) >= this.reportIntervalSamples) {
      this.report(itemId);
    }
  }

  private report(itemId: string): void {
    const total = this.played.get(itemId) ?? 0;
    if (total !== this.reported.get(itemId)) {
      this.reported.set(itemId, total);
      this.listener.onProgress({ itemId, playedMs: this.toMs(total) });
    }
  }

  private toMs(samples: number): number {
    return Math.floor((samples * 1000) / this.sampleRate);
  }
}
