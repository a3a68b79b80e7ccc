import type { AudioWireMode } from '../audio/wireAudio';

/** The rates the protocol accepts for inputRate/outputRate (docs/client-protocol.md). */
export const SUPPORTED_RATES: readonly number[] = [8000, 16000, 22050, 24000, 32000, 44100, 48000];

export interface CallUrlOptions {
  readonly audio: AudioWireMode;
  /** The AudioContext's rate: microphone frames are sent at it and the AI's audio is asked for at it. */
  readonly sampleRate: number;
  readonly transcripts: boolean;
  readonly responseDone: boolean;
}

/**
 * Builds the /ws URL on the page's own host (ws: for http:, wss: for https:).
 * Binary mode declares the device rate both ways; a rate the host does not support falls back
 * to the seed's JSON mode, which always carries 24 kHz.
 */
export function buildCallUrl(location: { protocol: string; host: string }, options: CallUrlOptions): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams();
  if (options.audio === 'binary' && SUPPORTED_RATES.includes(options.sampleRate)) {
    params.set('audio', 'binary');
    params.set('inputRate', String(options.sampleRate));
    params.set('outputRate', String(options.sampleRate));
  }
  if (options.transcripts) {
    params.set('transcripts', '1');
  }
  if (options.responseDone) {
    params.set('responseDone', '1');
  }
  const query = params.toString();
  return `${scheme}//${location.host}/ws${query ? `?${query}` : ''}`;
}

/** The wire mode a URL built by buildCallUrl actually asked for. */
export function audioModeOf(url: string): AudioWireMode {
  return new URL(url).searchParams.get('audio') === 'binary' ? 'binary' : 'json';
}
