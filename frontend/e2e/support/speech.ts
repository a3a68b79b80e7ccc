// Makes the caller's voice for Chromium's fake microphone: espeak-ng speaks, sox converts to
// 48 kHz mono 16-bit with silence around the words (so speech start and stop are both detectable).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const CALLER_WORDS =
  'My name is John Smith. My email is john dot smith at gmail dot com. My phone number is five five five, zero one two, three four five six.';

/** Writes the caller's speech to dir/caller.wav and returns its path. */
export function makeCallerSpeech(dir: string, words: string = CALLER_WORDS): string {
  const raw = join(dir, 'caller-raw.wav');
  const wav = join(dir, 'caller.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, words]);
  // 1.5 s of silence first, 3 s after: Chromium loops the file, so every loop is one clear turn.
  execFileSync('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', wav, 'pad', '1.5', '3']);
  return wav;
}
