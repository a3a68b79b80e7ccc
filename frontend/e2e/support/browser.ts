// Debian's Chromium driven by playwright-core (never a downloaded browser), with a fake microphone.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface MicrophoneOptions {
  /** A WAV file played as the microphone (looped by Chromium). */
  readonly wav?: string;
  /** Deny microphone permission instead of granting it. */
  readonly deny?: boolean;
}

export async function launchChromium(microphone: MicrophoneOptions = {}): Promise<Browser> {
  const args = [...BASE_ARGS];
  if (!microphone.deny) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream');
    if (microphone.wav) {
      args.push(`--use-file-for-fake-audio-capture=${microphone.wav}`);
    }
  } else {
    args.push('--use-fake-device-for-media-stream', '--deny-permission-prompts');
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

/** What the page under test did, recorded by an init script (the app has no test hooks). */
export interface PageRecord {
  statuses: string[];
  streams: MediaStream[];
  contexts: AudioContext[];
  sockets: WebSocket[];
  sent: { binary: number; json: string[] };
  /** JSON messages the page received, in order. */
  received: string[];
}

declare global {
  interface Window {
    __e2e: PageRecord;
  }
}

/**
 * Records every status the page shows (a MutationObserver on data-status, so short-lived
 * states such as "processing" are not missed), every microphone stream it opens, and what it
 * sends on the socket.
 */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record: PageRecord = { statuses: [], streams: [], contexts: [], sockets: [], sent: { binary: 0, json: [] }, received: [] };
    window.__e2e = record;

    const OriginalAudioContext = window.AudioContext;
    window.AudioContext = class extends OriginalAudioContext {
      constructor(options?: AudioContextOptions) {
        super(options);
        record.contexts.push(this);
      }
    };
    const OriginalWebSocket = window.WebSocket;
    window.WebSocket = class extends OriginalWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        record.sockets.push(this);
        this.addEventListener('message', (event: MessageEvent) => {
          if (typeof event.data === 'string') {
            record.received.push(event.data);
          }
        });
      }
    };

    const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
    if (original) {
      navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
        const stream = await original(constraints);
        record.streams.push(stream);
        return stream;
      };
    }

    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (typeof data === 'string') {
        record.sent.json.push(data);
      } else {
        record.sent.binary++;
      }
      return send.call(this, data);
    };

    const observe = () => {
      const note = () => {
        const status = document.querySelector('[data-testid="call-status"]')?.getAttribute('data-status');
        if (status && record.statuses[record.statuses.length - 1] !== status) {
          record.statuses.push(status);
        }
      };
      new MutationObserver(note).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
      note();
    };
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', observe);
    } else {
      observe();
    }
  });
}

export async function pageRecord(page: Page): Promise<{
  statuses: string[];
  tracks: { kind: string; readyState: string }[];
  /** AudioContext states: 'running' during a call, 'closed' after it. */
  audioContexts: string[];
  /** WebSocket readyStates (3 = CLOSED) and URLs. */
  sockets: { url: string; readyState: number }[];
  sentBinary: number;
  sentJson: string[];
  /** JSON messages the page received, parsed, in order. */
  received: { type: string; data?: unknown }[];
}> {
  return page.evaluate(() => ({
    statuses: window.__e2e.statuses,
    tracks: window.__e2e.streams.flatMap((s) => s.getTracks().map((t) => ({ kind: t.kind, readyState: t.readyState }))),
    audioContexts: window.__e2e.contexts.map((c) => c.state),
    sockets: window.__e2e.sockets.map((s) => ({ url: s.url, readyState: s.readyState })),
    sentBinary: window.__e2e.sent.binary,
    sentJson: window.__e2e.sent.json,
    received: window.__e2e.received.map((m) => JSON.parse(m) as { type: string; data?: unknown }),
  }));
}
