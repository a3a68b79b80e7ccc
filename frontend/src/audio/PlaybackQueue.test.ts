import { describe, expect, it } from 'vitest';
import { PlaybackQueue, type PlaybackPosition } from './PlaybackQueue';

// 1 kHz makes one sample one millisecond, so positions read directly.
const RATE = 1000;

function setup(reportIntervalMs = 50) {
  const events: string[] = [];
  const progress: PlaybackPosition[] = [];
  const queue = new PlaybackQueue(
    RATE,
    {
      onStart: () => events.push('start'),
      onDrain: () => events.push('drain'),
      onProgress: (p) => progress.push(p),
    },
    reportIntervalMs,
  );
  return { queue, events, progress };
}

const tone = (length: number, value = 0.5) => new Float32Array(length).fill(value);

describe('PlaybackQueue', () => {
  it('plays queued samples in order and pads with silence', () => {
    const { queue } = setup();
    queue.push('a', new Float32Array([0.1, 0.2, 0.3]));
    const out = new Float32Array(5).fill(9);
    queue.render(out);
    expect(Array.from(out)).toEqual([0.1, 0.2, 0.3, 0, 0].map((v) => Math.fround(v)));
  });

  it('signals start once and drain when the queue runs dry', () => {
    const { queue, events } = setup();
    queue.push('a', tone(200));
    for (let i = 0; i < 3; i++) {
      queue.render(new Float32Array(128));
    }
    expect(events).toEqual(['start', 'drain']);
  });

  it('reports the played position of each item at the interval and at its end', () => {
    const { queue, progress } = setup(50);
    queue.push('a', tone(120));
    queue.push('b', tone(30));
    for (let i = 0; i < 6; i++) {
      queue.render(new Float32Array(32));
    }
    expect(progress).toEqual([
      { itemId: 'a', playedMs: 64 },
      { itemId: 'a', playedMs: 120 },
      { itemId: 'b', playedMs: 30 },
    ]);
  });

  it('counts an item across several pushed chunks', () => {
    const { queue } = setup();
    queue.push('a', tone(40));
    queue.push('a', tone(40));
    queue.render(new Float32Array(64));
    expect(queue.positionOf('a')).toEqual({ itemId: 'a', playedMs: 64 });
  });

  it('flush drops everything at once and returns the exact position of the playing item', () => {
    const { queue } = setup();
    queue.push('a', tone(500));
    queue.render(new Float32Array(128));
    queue.render(new Float32Array(128));
    expect(queue.flush()).toEqual({ itemId: 'a', playedMs: 256 });
    expect(queue.queuedSamples).toBe(0);
    const out = new Float32Array(16).fill(1);
    queue.render(out);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('flush returns null when nothing was playing', () => {
    const { queue } = setup();
    expect(queue.flush()).toBeNull();
    queue.push('a', tone(10));
    queue.render(new Float32Array(16));
    expect(queue.flush()).toBeNull();
  });

  it('flush of queued-but-unplayed audio reports position 0 of that item', () => {
    const { queue } = setup();
    queue.push('x', tone(50));
    expect(queue.flush()).toEqual({ itemId: 'x', playedMs: 0 });
  });

  it('does not report positions for audio without an item id (seed JSON mode)', () => {
    const { queue, progress, events } = setup(10);
    queue.push(null, tone(100));
    queue.render(new Float32Array(128));
    expect(progress).toEqual([]);
    expect(events).toEqual(['start', 'drain']);
  });
});
