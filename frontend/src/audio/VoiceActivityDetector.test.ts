import { describe, expect, it } from 'vitest';
import { VoiceActivityDetector } from './VoiceActivityDetector';

const options = { startThreshold: 0.1, stopThreshold: 0.05, startFrames: 2, stopFrames: 3 };

function feed(vad: VoiceActivityDetector, levels: number[]): boolean[] {
  return levels.map((level) => {
    vad.update(level);
    return vad.isSpeaking;
  });
}

describe('VoiceActivityDetector', () => {
  it('starts speaking only after enough consecutive loud frames', () => {
    const vad = new VoiceActivityDetector(options);
    expect(feed(vad, [0.2, 0.0, 0.2, 0.2])).toEqual([false, false, false, true]);
  });

  it('reports the change only on the frame where the state flips', () => {
    const vad = new VoiceActivityDetector(options);
    expect([0.2, 0.2, 0.2].map((l) => vad.update(l))).toEqual([false, true, false]);
  });

  it('keeps speaking between the two thresholds (hysteresis)', () => {
    const vad = new VoiceActivityDetector(options);
    feed(vad, [0.2, 0.2]);
    // 0.07 is below the start threshold but above the stop threshold: still speech.
    expect(feed(vad, [0.07, 0.07, 0.07, 0.07, 0.07])).toEqual([true, true, true, true, true]);
  });

  it('stops after enough consecutive quiet frames, and a loud frame restarts the count', () => {
    const vad = new VoiceActivityDetector(options);
    feed(vad, [0.2, 0.2]);
    expect(feed(vad, [0.01, 0.01, 0.2, 0.01, 0.01, 0.01])).toEqual([true, true, true, true, true, false]);
  });

  it('forgets its state on reset', () => {
    const vad = new VoiceActivityDetector(options);
    feed(vad, [0.2, 0.2]);
    vad.reset();
    expect(vad.isSpeaking).toBe(false);
  });

  it('rejects a stop threshold above the start threshold', () => {
    expect(() => new VoiceActivityDetector({ ...options, stopThreshold: 0.2 })).toThrow(RangeError);
  });
});
