// Messages between the page and the two AudioWorklets (over their MessagePorts).
import type { PlaybackPosition } from '../PlaybackQueue';

export const CAPTURE_PROCESSOR = 'voicecontacts-capture';
export const PLAYBACK_PROCESSOR = 'voicecontacts-playback';

/** capture worklet -> page: one 50 ms frame of microphone samples at the device rate. */
export interface CaptureFrameMessage {
  readonly type: 'frame';
  readonly samples: Float32Array;
}

/** Why playback was flushed; the page decides what to tell the host from it. */
export type FlushReason = 'listening' | 'cancel' | 'stop';

/** page -> playback worklet. */
export type PlaybackCommand =
  | { readonly type: 'push'; readonly itemId: string | null; readonly samples: Float32Array }
  | { readonly type: 'flush'; readonly reason: FlushReason };

/** playback worklet -> page. */
export type PlaybackEvent =
  | { readonly type: 'started' }
  | { readonly type: 'drained' }
  | ({ readonly type: 'progress' } & PlaybackPosition)
  | { readonly type: 'flushed'; readonly reason: FlushReason; readonly position: PlaybackPosition | null };
