// Makes the caller's voice for Chromium's fake microphone: espeak-ng speaks, sox converts to
// 48 kHz mono 16-bit with silence around the words (so speech start and stop are both detectable).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const CALLER_WORDS =
  'My name is Ada Lovelace. My email is ada at example dot com. My phone number is four one five, two three four, five six seven eight.';

/**
 * Writes the caller's speech to dir/<name>.wav and returns its path. 1.5 s of silence first, `silenceAfter` seconds
 * after: Chromium loops the file, so every loop is one clear turn (a long silence after leaves a single turn).
 */
export function makeCallerSpeech(dir: string, words: string = CALLER_WORDS, silenceAfter = 3, name = 'caller'): string {
  const raw = join(dir, `${name}-raw.wav`);
  const wav = join(dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, words]);
  execFileSync('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', wav, 'pad', '1.5', String(silenceAfter)]);
  return wav;
}

/** Writes 5 s of silence to dir/silence.wav, for a caller who types instead of speaking. */
export function makeSilence(dir: string): string {
  const wav = join(dir, 'silence.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', '-e', 'signed-integer', wav, 'trim', '0', '5']);
  return wav;
}
