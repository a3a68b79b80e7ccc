import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  floatToPcm16,
  pcm16ToFloat,
  resampleLinear,
  rms,
  samplesPerFrame,
} from './pcm';

describe('floatToPcm16', () => {
  it('maps full scale to the int16 limits, little-endian', () => {
    const bytes = new Uint8Array(floatToPcm16(new Float32Array([0, 1, -1, 0.5])));
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(8);
    expect(view.getInt16(0, true)).toBe(0);
    expect(view.getInt16(2, true)).toBe(32767);
    expect(view.getInt16(4, true)).toBe(-32768);
    expect(view.getInt16(6, true)).toBe(16384);
    expect([bytes[2], bytes[3]]).toEqual([0xff, 0x7f]);
  });

  it('clips samples outside [-1, 1]', () => {
    const view = new DataView(floatToPcm16(new Float32Array([3, -7])));
    expect(view.getInt16(0, true)).toBe(32767);
    expect(view.getInt16(2, true)).toBe(-32768);
  });
});

describe('pcm16ToFloat', () => {
  it('round-trips through floatToPcm16 within one quantization step', () => {
    const input = new Float32Array(200).map((_, i) => Math.sin(i / 7) * 0.8);
    const output = pcm16ToFloat(floatToPcm16(input));
    expect(output.length).toBe(input.length);
    output.forEach((v, i) => expect(Math.abs(v - input[i]!)).toBeLessThan(1 / 32767));
  });

  it('reads a Uint8Array view at an offset and ignores a trailing odd byte', () => {
    const backing = new Uint8Array([9, 0x00, 0x80, 0xff, 0x7f, 1]);
    const out = pcm16ToFloat(backing.subarray(1));
    expect(Array.from(out)).toEqual([-1, 1]);
  });
});

describe('resampleLinear', () => {
  it('halves the sample count from 48 kHz to 24 kHz and keeps a constant signal', () => {
    const out = resampleLinear(new Float32Array(2400).fill(0.25), 48000, 24000);
    expect(out.length).toBe(1200);
    out.forEach((v) => expect(v).toBeCloseTo(0.25, 6));
  });

  it('turns 50 ms at 44.1 kHz into 50 ms at 24 kHz', () => {
    expect(resampleLinear(new Float32Array(2205), 44100, 24000).length).toBe(1200);
  });

  it('interpolates between samples when upsampling', () => {
    const out = resampleLinear(new Float32Array([0, 1]), 24000, 48000);
    expect(Array.from(out)).toEqual([0, 0.5, 1, 1]);
  });

  it('returns a copy when the rates match', () => {
    const input = new Float32Array([0.1, 0.2]);
    const out = resampleLinear(input, 24000, 24000);
    expect(out).not.toBe(input);
    expect(Array.from(out)).toEqual(Array.from(input));
  });
});

describe('base64', () => {
  it('encodes like the standard alphabet and decodes back', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
  });

  it('handles buffers larger than one String.fromCharCode chunk', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('throws on text that is not base64', () => {
    expect(() => base64ToBytes('not base64!')).toThrow();
  });
});

describe('rms and framing', () => {
  it('computes the RMS of a square wave and of silence', () => {
    expect(rms(new Float32Array([0.5, -0.5, 0.5, -0.5]))).toBeCloseTo(0.5, 6);
    expect(rms(new Float32Array(128))).toBe(0);
    expect(rms(new Float32Array(0))).toBe(0);
  });

  it('sizes a 50 ms frame at common device rates', () => {
    expect(samplesPerFrame(48000)).toBe(2400);
    expect(samplesPerFrame(44100)).toBe(2205);
    expect(samplesPerFrame(24000)).toBe(1200);
    expect(samplesPerFrame(16000)).toBe(800);
  });
});
