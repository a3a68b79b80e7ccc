import { describe, expect, it } from 'vitest';
import { FrameAccumulator } from './FrameAccumulator';

const ramp = (start: number, length: number) => new Float32Array(length).map((_, i) => start + i);

describe('FrameAccumulator', () => {
  it('turns 128-sample render quanta into 2400-sample (50 ms at 48 kHz) frames in order', () => {
    const accumulator = new FrameAccumulator(2400);
    const frames: Float32Array[] = [];
    let next = 0;
    for (let quantum = 0; quantum < 40; quantum++) {
      accumulator.push(ramp(next, 128), (f) => frames.push(f));
      next += 128;
    }
    // 40 * 128 = 5120 samples: two full frames and 320 pending.
    expect(frames).toHaveLength(2);
    expect(frames[0]![0]).toBe(0);
    expect(frames[0]![2399]).toBe(2399);
    expect(frames[1]![0]).toBe(2400);
    expect(frames[1]![2399]).toBe(4799);
    expect(accumulator.pending).toBe(320);
  });

  it('emits several frames from one large push', () => {
    const accumulator = new FrameAccumulator(100);
    const frames: Float32Array[] = [];
    accumulator.push(ramp(0, 350), (f) => frames.push(f));
    expect(frames.map((f) => f[0])).toEqual([0, 100, 200]);
    expect(accumulator.pending).toBe(50);
  });

  it('hands out copies that later pushes do not overwrite', () => {
    const accumulator = new FrameAccumulator(4);
    const frames: Float32Array[] = [];
    accumulator.push(ramp(0, 8), (f) => frames.push(f));
    expect(Array.from(frames[0]!)).toEqual([0, 1, 2, 3]);
    expect(Array.from(frames[1]!)).toEqual([4, 5, 6, 7]);
  });

  it('drops a partial frame on reset', () => {
    const accumulator = new FrameAccumulator(4);
    const frames: Float32Array[] = [];
    accumulator.push(ramp(0, 3), (f) => frames.push(f));
    accumulator.reset();
    accumulator.push(ramp(10, 4), (f) => frames.push(f));
    expect(frames.map((f) => Array.from(f))).toEqual([[10, 11, 12, 13]]);
  });

  it('rejects a frame size that is not a positive integer', () => {
    expect(() => new FrameAccumulator(0)).toThrow(RangeError);
    expect(() => new FrameAccumulator(2.5)).toThrow(RangeError);
  });
});
