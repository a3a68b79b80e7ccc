import { describe, expect, it } from 'vitest';
import { floatToPcm16, bytesToBase64 } from './pcm';
import { decodeAudioDelta, decodeBinaryAudio, encodeMicrophoneFrame } from './wireAudio';

const frame48k = new Float32Array(2400).map((_, i) => Math.sin(i / 10) * 0.5);

describe('encodeMicrophoneFrame', () => {
  it('binary mode sends PCM16 at the device rate (2 bytes per sample, no resampling)', () => {
    const encoded = encodeMicrophoneFrame(frame48k, 48000, 'binary');
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    expect((encoded as ArrayBuffer).byteLength).toBe(4800);
  });

  it("json mode sends the seed's audio_chunk: base64 PCM16 resampled to 24 kHz", () => {
    const encoded = encodeMicrophoneFrame(frame48k, 48000, 'json');
    expect(typeof encoded).toBe('string');
    const message = JSON.parse(encoded as string) as { type: string; data: string };
    expect(message.type).toBe('audio_chunk');
    // 1200 samples at 24 kHz = 2400 bytes.
    expect(Buffer.from(message.data, 'base64').length).toBe(2400);
  });

  it('json mode from 44.1 kHz still yields 50 ms at 24 kHz', () => {
    const encoded = encodeMicrophoneFrame(new Float32Array(2205), 44100, 'json') as string;
    const message = JSON.parse(encoded) as { data: string };
    expect(Buffer.from(message.data, 'base64').length).toBe(2400);
  });
});

describe('decoding the AI audio', () => {
  it('binary frames are PCM16 at the requested output rate', () => {
    const samples = decodeBinaryAudio(floatToPcm16(new Float32Array([0.5, -0.5])));
    expect(samples[0]).toBeCloseTo(0.5, 4);
    expect(samples[1]).toBeCloseTo(-0.5, 4);
  });

  it('audio_delta base64 at 24 kHz is resampled to the device rate', () => {
    const base64 = bytesToBase64(floatToPcm16(new Float32Array(1200).fill(0.25)));
    const samples = decodeAudioDelta(base64, 48000);
    expect(samples.length).toBe(2400);
    expect(samples[1000]).toBeCloseTo(0.25, 4);
  });
});
