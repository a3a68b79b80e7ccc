// The per-file fixture both e2e files share: a temp folder with the caller's speech WAV, the results folder for
// screenshots and logs, and cleanups that run after every test (last registered first).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FRONTEND_DIR } from './host';
import { makeCallerSpeech, makeSilence } from './speech';

export const RESULTS_DIR = join(FRONTEND_DIR, 'test-results');

export interface E2eWorkspace {
  /** The temp folder of this test file (valid from beforeAll on). */
  readonly dir: string;
  /** espeak-ng speech for the fake microphone, made once per file. */
  readonly callerWav: string;
  /** The same speech followed by 90 s of silence: one spoken turn in a test. */
  readonly callerWavOnce: string;
  /** Silence for the fake microphone: a caller who types rather than speaks. */
  readonly silentWav: string;
  /** Runs after the current test, whether it passed or not. */
  defer(cleanup: () => Promise<unknown>): void;
}

/** Registers the hooks of the fixture; call once at the top level of a test file. */
export function useE2eWorkspace(tempPrefix: string): E2eWorkspace {
  let dir = '';
  let callerWav = '';
  let silentWav = '';
  let callerWavOnce = '';
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(() => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), tempPrefix));
    callerWav = makeCallerSpeech(dir);
    silentWav = makeSilence(dir);
    callerWavOnce = makeCallerSpeech(dir, undefined, 90, 'caller-once');
  });

  afterEach(async () => {
    while (cleanups.length > 0) {
      await cleanups.pop()!().catch(() => undefined);
    }
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    get dir() {
      return dir;
    },
    get callerWav() {
      return callerWav;
    },
    get callerWavOnce() {
      return callerWavOnce;
    },
    get silentWav() {
      return silentWav;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
