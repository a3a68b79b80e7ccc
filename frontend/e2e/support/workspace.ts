// The per-file fixture both e2e files share: a temp folder with the caller's speech WAV, the results folder for
// screenshots and logs, and cleanups that run after every test (last registered first).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FRONTEND_DIR } from './host';
import { makeCallerSpeech } from './speech';

export const RESULTS_DIR = join(FRONTEND_DIR, 'test-results');

export interface E2eWorkspace {
  /** The temp folder of this test file (valid from beforeAll on). */
  readonly dir: string;
  /** espeak-ng speech for the fake microphone, made once per file. */
  readonly callerWav: string;
  /** Runs after the current test, whether it passed or not. */
  defer(cleanup: () => Promise<unknown>): void;
}

/** Registers the hooks of the fixture; call once at the top level of a test file. */
export function useE2eWorkspace(tempPrefix: string): E2eWorkspace {
  let dir = '';
  let callerWav = '';
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(() => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), tempPrefix));
    callerWav = makeCallerSpeech(dir);
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
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
