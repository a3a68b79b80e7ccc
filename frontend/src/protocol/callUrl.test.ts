import { describe, expect, it } from 'vitest';
import { audioModeOf, buildCallUrl } from './callUrl';

const options = { audio: 'binary' as const, sampleRate: 48000, transcripts: true, responseDone: true };

describe('buildCallUrl', () => {
  it('declares binary audio at the device rate both ways, with transcripts and response_done', () => {
    const url = buildCallUrl({ protocol: 'http:', host: 'localhost:5173' }, options);
    expect(url).toBe('ws://localhost:5173/ws?audio=binary&inputRate=48000&outputRate=48000&transcripts=1&responseDone=1');
    expect(audioModeOf(url)).toBe('binary');
  });

  it('uses wss on an https page', () => {
    expect(buildCallUrl({ protocol: 'https:', host: 'contacts.example' }, options)).toMatch(/^wss:\/\/contacts\.example\/ws\?/);
  });

  it("falls back to the seed's JSON audio when the device rate is not one the host accepts", () => {
    const url = buildCallUrl({ protocol: 'http:', host: 'h' }, { ...options, sampleRate: 96000 });
    expect(url).toBe('ws://h/ws?transcripts=1&responseDone=1');
    expect(audioModeOf(url)).toBe('json');
  });

  it('is the plain seed URL when nothing is opted in', () => {
    expect(
      buildCallUrl({ protocol: 'http:', host: 'h' }, { audio: 'json', sampleRate: 48000, transcripts: false, responseDone: false }),
    ).toBe('ws://h/ws');
  });
});
