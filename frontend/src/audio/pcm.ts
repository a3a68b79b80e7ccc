// PCM16 little-endian mono helpers shared by the page and the AudioWorklets.
// Everything here is pure and allocation-explicit so it can be unit tested in Node.

/** The OpenAI Realtime API's audio rate; the seed's JSON protocol always carries 24 kHz. */
export const MODEL_SAMPLE_RATE = 24000;

/** One capture frame is 50 ms, as in the seed (2400 samples at 48 kHz, 1200 at 24 kHz). */
export const FRAME_DURATION_MS = 50;

/** Number of samples in one 50 ms frame at the given rate (rounded, at least 1). */
export function samplesPerFrame(sampleRate: number, frameMs: number = FRAME_DURATION_MS): number {
  return Math.max(1, Math.round((sampleRate * frameMs) / 1000));
}

/** Float samples in [-1, 1] to PCM16 LE bytes; values outside the range are clipped. */
export function floatToPcm16(samples: Float32Array): ArrayBuffer {
  const buffer = new ArrayBuffer(samples.length * 2);
  const view = new DataView(buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    // Asymmetric scale so -1 maps to -32768 and +1 to 32767 without overflow.
    view.setInt16(i * 2, s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff), true);
  }
  return buffer;
}

/** PCM16 LE bytes to float samples in [-1, 1]. A trailing odd byte is ignored. */
export function pcm16ToFloat(bytes: ArrayBuffer | Uint8Array): Float32Array {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const count = Math.floor(u8.byteLength / 2);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const v = view.getInt16(i * 2, true);
    out[i] = v < 0 ? v / 0x8000 : v / 0x7fff;
  }
  return out;
}

/** Linear-interpolation resampler; good enough for speech and what the seed used. */
export function resampleLinear(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate || input.length === 0) {
    return input.slice();
  }
  const outLength = Math.max(1, Math.round((input.length * toRate) / fromRate));
  const out = new Float32Array(outLength);
  const step = fromRate / toRate;
  for (let i = 0; i < outLength; i++) {
    const pos = i * step;
    const index = Math.floor(pos);
    const frac = pos - index;
    const a = input[Math.min(index, input.length - 1)] ?? 0;
    const b = input[Math.min(index + 1, input.length - 1)] ?? 0;
    out[i] = a + (b - a) * frac;
  }
  return out;
}

/** Bytes to base64 without relying on Node's Buffer (works in the browser and in Node). */
export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  const chunk = 0x8000; // keeps String.fromCharCode's argument list small
  for (let i = 0; i < u8.length; i += chunk) {
    binary += String.fromCharCode(...u8.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** base64 to bytes; throws on characters outside the base64 alphabet. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    out[i] = binary.charCodeAt(i);
  }
  return out;
}

/** Root mean square of the samples (0 for an empty frame). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) {
    return 0;
  }
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/** Duration in milliseconds of a number of samples at a rate. */
export function samplesToMs(samples: number, sampleRate: number): number {
  return (samples * 1000) / sampleRate;
}
