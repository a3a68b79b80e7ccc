import {
  MODEL_SAMPLE_RATE,
  base64ToBytes,
  bytesToBase64,
  floatToPcm16,
  pcm16ToFloat,
  resampleLinear,
} from './pcm';

/** How audio travels on /ws: binary PCM16 frames at declared rates, or the seed's JSON base64 at 24 kHz. */
export type AudioWireMode = 'binary' | 'json';

/**
 * Encodes one microphone frame (float samples at the device rate) for the socket.
 * binary: PCM16 LE at the device rate (the server resamples, rate declared as inputRate);
 * json: the seed's `{"type":"audio_chunk","data":base64}` with PCM16 at 24 kHz.
 */
export function encodeMicrophoneFrame(
  frame: Float32Array,
  deviceRate: number,
  mode: AudioWireMode,
): ArrayBuffer | string {
  if (mode === 'binary') {
    return floatToPcm16(frame);
  }
  const at24k = resampleLinear(frame, deviceRate, MODEL_SAMPLE_RATE);
  return JSON.stringify({ type: 'audio_chunk', data: bytesToBase64(floatToPcm16(at24k)) });
}

/** Decodes a binary audio frame from the server (PCM16 LE already at the requested outputRate). */
export function decodeBinaryAudio(frame: ArrayBuffer): Float32Array {
  return pcm16ToFloat(frame);
}

/** Decodes the seed's `audio_delta` payload (base64 PCM16 at 24 kHz) to float samples at the device rate. */
export function decodeAudioDelta(base64: string, deviceRate: number): Float32Array {
  return resampleLinear(pcm16ToFloat(base64ToBytes(base64)), MODEL_SAMPLE_RATE, deviceRate);
}
