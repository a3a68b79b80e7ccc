import { describe, expect, it } from 'vitest';
import type { Contact, ServerMessage } from '../protocol/messages';
import {
  callReducer,
  initialCallState,
  isCallActive,
  statusLabel,
  turnHint,
  type CallAction,
  type CallState,
} from './callReducer';

const contact: Contact = { id: '1', name: 'John Smith', email: 'john@gmail.com', phone: '+14155552671', phoneDisplay: '+1 415-555-2671' };

function run(actions: CallAction[], state: CallState = initialCallState): CallState {
  return actions.reduce(callReducer, state);
}

const server = (message: ServerMessage): CallAction => ({ type: 'server', message });
const start: CallAction = { type: 'start', transcriptsEnabled: true, responseDoneEnabled: true };
const ready = run([start, server({ type: 'ready' })]);

describe('call phases', () => {
  it('goes idle -> connecting -> ready', () => {
    expect(run([start]).phase).toBe('connecting');
    expect(ready.phase).toBe('ready');
    expect(isCallActive('ready')).toBe(true);
  });

  it('shows reconnecting while the host reconnects to the AI, then ready again', () => {
    const reconnecting = run([server({ type: 'reconnecting' })], ready);
    expect(reconnecting.phase).toBe('reconnecting');
    expect(isCallActive('reconnecting')).toBe(true);
    expect(statusLabel('reconnecting')).toBe('Reconnecting…');
    expect(turnHint(reconnecting)).toBe('Reconnecting to the assistant…');
    expect(run([server({ type: 'ready' })], reconnecting).phase).toBe('ready');
    // A second ready while the call runs changes nothing.
    const listening = run([server({ type: 'listening' })], ready);
    expect(run([server({ type: 'ready' })], listening).phase).toBe('listening');
  });

  it('follows the model: listening, processing, then speaking while audio plays', () => {
    const listening = run([server({ type: 'listening' })], ready);
    expect(listening.phase).toBe('listening');
    const processing = run([server({ type: 'processing' })], listening);
    expect(processing.phase).toBe('processing');
    const speaking = run([server({ type: 'audio_item', itemId: 'a1' }), { type: 'playbackStarted' }], processing);
    expect(speaking.phase).toBe('speaking');
    expect(speaking.aiSpeaking).toBe(true);
  });

  it('returns to ready (your turn) once the reply is done and its audio has played', () => {
    const speaking = run([server({ type: 'audio_item', itemId: 'a1' }), { type: 'playbackStarted' }], ready);
    // The reply finished streaming before it finished playing: still speaking.
    const streamed = run([server({ type: 'response_done', status: 'completed', responseId: 'r' })], speaking);
    expect(streamed.phase).toBe('speaking');
    expect(run([{ type: 'playbackDrained' }], streamed).phase).toBe('ready');
  });

  it('keeps speaking across a gap in the audio while the reply is still streaming', () => {
    const state = run([server({ type: 'audio_item', itemId: 'a1' }), { type: 'playbackStarted' }, { type: 'playbackDrained' }], ready);
    expect(state.phase).toBe('speaking');
    expect(run([server({ type: 'response_done', status: 'completed', responseId: 'r' })], state).phase).toBe('ready');
  });

  it('without response_done (seed mode) the end of playback ends the turn', () => {
    const seedReady = run([{ ...start, responseDoneEnabled: false }, server({ type: 'ready' })]);
    const state = run(
      [server({ type: 'audio_delta', data: 'AAA=', itemId: null }), { type: 'playbackStarted' }, { type: 'playbackDrained' }],
      seedReady,
    );
    expect(state.phase).toBe('ready');
  });

  it('listening stops the AI at once', () => {
    const speaking = run([server({ type: 'audio_item', itemId: 'a1' }), { type: 'playbackStarted' }], ready);
    const state = run([server({ type: 'listening' })], speaking);
    expect(state.aiSpeaking).toBe(false);
    expect(state.responseOpen).toBe(false);
    expect(state.phase).toBe('listening');
  });
});

describe('captions and transcript', () => {
  it('shows the seed text message as the caption (and in the transcript without transcripts=1)', () => {
    const seedReady = run([{ ...start, transcriptsEnabled: false }, server({ type: 'ready' })]);
    const state = run([server({ type: 'text', data: 'Hi! What is your name?' })], seedReady);
    expect(state.caption).toBe('Hi! What is your name?');
    expect(state.transcript.map((e) => [e.role, e.text])).toEqual([['assistant', 'Hi! What is your name?']]);
  });

  it('with transcripts=1, text only updates the caption (the transcript comes from transcript messages)', () => {
    const state = run(
      [
        server({ type: 'transcript_delta', role: 'assistant', itemId: 'a1', delta: 'Hi! ' }),
        server({ type: 'transcript_delta', role: 'assistant', itemId: 'a1', delta: 'Your name?' }),
        server({ type: 'text', data: 'Hi! Your name?' }),
      ],
      ready,
    );
    expect(state.caption).toBe('Hi! Your name?');
    expect(state.transcript).toHaveLength(1);
    expect(state.transcript[0]).toMatchObject({ role: 'assistant', itemId: 'a1', text: 'Hi! Your name?', final: false });
  });

  it('builds the caption live from assistant deltas and replaces them with the final transcript', () => {
    const partial = run([server({ type: 'transcript_delta', role: 'assistant', itemId: 'a1', delta: 'Hel' })], ready);
    expect(partial.caption).toBe('Hel');
    expect(partial.finalCaption).toBe('');
    const done = run([server({ type: 'transcript', role: 'assistant', itemId: 'a1', text: 'Hello there.' })], partial);
    expect(done.caption).toBe('Hello there.');
    expect(done.finalCaption).toBe('Hello there.');
    expect(done.transcript[0]).toMatchObject({ text: 'Hello there.', final: true });
  });

  it("keeps the caller's words before the AI's answer even when their transcription arrives later", () => {
    const state = run(
      [
        server({ type: 'transcript', role: 'assistant', itemId: 'a1', text: 'What is your name?' }),
        server({ type: 'listening' }),
        server({ type: 'processing' }),
        server({ type: 'transcript_delta', role: 'assistant', itemId: 'a2', delta: 'Thanks John.' }),
        server({ type: 'transcript', role: 'user', itemId: 'u1', text: 'John Smith' }),
      ],
      ready,
    );
    expect(state.transcript.map((e) => `${e.role}:${e.text}`)).toEqual([
      'assistant:What is your name?',
      'user:John Smith',
      'assistant:Thanks John.',
    ]);
    expect(new Set(state.transcript.map((e) => e.key)).size).toBe(3);
  });

  it('continues the open entry of a role when the host gives no itemId', () => {
    const state = run(
      [
        server({ type: 'transcript_delta', role: 'assistant', itemId: null, delta: 'Hello ' }),
        server({ type: 'transcript_delta', role: 'assistant', itemId: null, delta: 'there.' }),
        server({ type: 'transcript', role: 'assistant', itemId: null, text: 'Hello there.' }),
        server({ type: 'transcript_delta', role: 'assistant', itemId: null, delta: 'Next.' }),
      ],
      ready,
    );
    expect(state.transcript.map((e) => [e.text, e.final])).toEqual([
      ['Hello there.', true],
      ['Next.', false],
    ]);
  });

  it('the caption is not taken from the user side', () => {
    const state = run([server({ type: 'transcript', role: 'user', itemId: 'u1', text: 'John' })], ready);
    expect(state.caption).toBe('');
  });

  it('drops a user turn that was never transcribed when the call ends', () => {
    const state = run([server({ type: 'listening' }), { type: 'end' }], ready);
    expect(state.transcript).toEqual([]);
  });
});

describe('contact card', () => {
  it('shows the saved contact, then follows a correction and says which field changed', () => {
    const saved = run([server({ type: 'contact_saved', data: contact })], ready);
    expect(saved.contact).toEqual(contact);
    expect(saved.contactEvent).toBe('saved');
    expect(saved.changedFields).toEqual([]);
    const updated = run([server({ type: 'contact_updated', data: { ...contact, email: 'john.smith@gmail.com' } })], saved);
    expect(updated.contact?.email).toBe('john.smith@gmail.com');
    expect(updated.contactEvent).toBe('updated');
    expect(updated.changedFields).toEqual(['email']);
  });

  it('keeps the contact visible after the call ends', () => {
    const state = run([server({ type: 'contact_saved', data: contact }), { type: 'end' }], ready);
    expect(state.phase).toBe('ended');
    expect(state.contact).toEqual(contact);
  });
});

describe('errors', () => {
  it('not_configured ends the call with a message naming the missing OpenAI API key', () => {
    const state = run([server({ type: 'error', code: 'not_configured', data: 'x' })], run([start]));
    expect(state.phase).toBe('error');
    expect(state.problem?.title).toMatch(/no OpenAI API key configured/);
    expect(isCallActive(state.phase)).toBe(false);
  });

  it('the socket closing after an error keeps that error', () => {
    const state = run(
      [server({ type: 'error', code: 'model_unavailable', data: 'x' }), { type: 'socketClosed', wasOpen: true, code: 1011, reason: 'model_unavailable' }],
      run([start]),
    );
    expect(state.problem?.code).toBe('model_unavailable');
  });

  it('bad_message is a notice and the call goes on', () => {
    const state = run([server({ type: 'error', code: 'bad_message', data: 'x' })], ready);
    expect(state.phase).toBe('ready');
    expect(state.notice).toMatch(/could not understand/);
  });

  it('a model_error from the AI service is shown and the call goes on', () => {
    const state = run([server({ type: 'error', code: 'model_error', data: 'Rate limit reached' })], ready);
    expect(state.phase).toBe('ready');
    expect(state.notice).toBe('The AI service reported a problem: Rate limit reached');
  });

  it('a time limit ends the call normally with an explanation', () => {
    const state = run([server({ type: 'error', code: 'idle_timeout', data: 'x' })], ready);
    expect(state.phase).toBe('ended');
    expect(state.problem).toBeNull();
    expect(state.notice).toMatch(/nothing was said/);
  });

  it('an unexpected close is an error; a close after End Call is not', () => {
    expect(run([{ type: 'socketClosed', wasOpen: false, code: 1006, reason: '' }], run([start])).problem?.title).toMatch(
      /could not reach the server/i,
    );
    expect(run([{ type: 'socketClosed', wasOpen: true, code: 1006, reason: '' }], ready).problem?.title).toMatch(/lost/);
    expect(run([{ type: 'socketClosed', wasOpen: true, code: 1000, reason: 'call ended' }], ready).phase).toBe('error');
    const ended = run([{ type: 'end' }, { type: 'socketClosed', wasOpen: true, code: 1000, reason: '' }], ready);
    expect(ended.phase).toBe('ended');
    expect(ended.problem).toBeNull();
  });

  it('the assistant ending the call (close 1000 "completed") is a clean end, not an error', () => {
    const state = run([{ type: 'socketClosed', wasOpen: true, code: 1000, reason: 'completed' }], ready);
    expect(state.phase).toBe('ended');
    expect(state.problem).toBeNull();
    expect(state.notice).toMatch(/assistant ended the call/i);
    expect(statusLabel(state.phase)).toBe('Call ended');
  });

  it('a denied microphone ends the call with what to do', () => {
    const state = run([{ type: 'microphoneFailed', failure: 'denied' }], ready);
    expect(state.phase).toBe('error');
    expect(state.problem?.title).toBe('Microphone access was denied.');
  });

  it('ignores messages that arrive after the call ended', () => {
    const ended = run([{ type: 'end' }], ready);
    expect(run([server({ type: 'listening' }), { type: 'playbackStarted' }], ended)).toBe(ended);
  });

  it('call_ending keeps the call going and says when it will end', () => {
    const state = run([server({ type: 'call_ending', reason: 'server_draining', withinSeconds: 120 })], ready);
    expect(state.phase).toBe('ready');
    expect(state.problem).toBeNull();
    expect(state.notice).toBe('The server is restarting soon: this call will end within about 2 minutes. You can call again afterwards.');
  });

  it('a refused call during a restart ends calmly, not as an error', () => {
    const state = run([server({ type: 'error', code: 'server_draining', data: 'x' })], run([start]));
    expect(state.phase).toBe('ended');
    expect(state.problem).toBeNull();
  });

  it('a new call starts clean', () => {
    const failed = run([server({ type: 'error', code: 'busy', data: 'x' })], ready);
    const again = run([start], failed);
    expect(again.phase).toBe('connecting');
    expect(again.problem).toBeNull();
    expect(again.contact).toBeNull();
  });
});

describe('turn hints', () => {
  const micOn = run([{ type: 'microphoneStarted' }], ready);

  it("says it is the caller's turn when the microphone is on and the AI is quiet", () => {
    expect(turnHint(micOn)).toBe('Your turn');
  });

  it('says Interrupting when the caller talks over the AI', () => {
    const state = run([{ type: 'playbackStarted' }, { type: 'localVoice', speaking: true }], micOn);
    expect(turnHint(state)).toBe('Interrupting…');
  });

  it('shows listening and thinking', () => {
    expect(turnHint(run([{ type: 'localVoice', speaking: true }], micOn))).toBe('Listening to you…');
    expect(turnHint(run([server({ type: 'processing' })], micOn))).toBe('Thinking…');
  });

  it('has no hint outside a call or while connecting', () => {
    expect(turnHint(initialCallState)).toBeNull();
    expect(turnHint(run([start]))).toBeNull();
  });

  it('labels every phase', () => {
    expect(statusLabel('listening')).toBe('Listening');
    expect(statusLabel('error')).toBe('Error');
    expect(statusLabel('connecting')).toBe('Connecting…');
  });
});

describe('the live form', () => {
  const heard = (field: 'name' | 'email' | 'phone', value: string, display: string): CallAction =>
    server({ type: 'contact_field', data: { field, value, display, raw: value, valid: true, reason: null, source: 'spoken' } });

  it('fills in each field as the assistant hears it, in its display form', () => {
    const state = run([heard('name', 'Ada Lovelace', 'Ada Lovelace'), heard('phone', '+14155552671', '+1 415-555-2671')], ready);
    expect(state.fields.name).toEqual({ value: 'Ada Lovelace', valid: true, reason: null, source: 'spoken', pending: false });
    expect(state.fields.phone.value).toBe('+1 415-555-2671');
    expect(state.fields.email).toEqual({ value: '', valid: null, reason: null, source: null, pending: false });
  });

  it('flags a refused field with the reason and keeps what was heard', () => {
    const state = run(
      [server({ type: 'contact_field', data: { field: 'email', value: null, display: null, raw: 'james oh seven', valid: false, reason: 'is ambiguous.', source: 'spoken' } })],
      ready,
    );
    expect(state.fields.email).toEqual({ value: 'james oh seven', valid: false, reason: 'is ambiguous.', source: 'spoken', pending: false });
  });

  it('shows a typed field as pending until the host answers, then as it will be stored', () => {
    const typed = run([{ type: 'fieldEdited', field: 'email', value: ' Ada@Example.com ' }], ready);
    expect(typed.fields.email).toMatchObject({ value: ' Ada@Example.com ', pending: true });
    const answered = run(
      [server({ type: 'contact_field', data: { field: 'email', value: 'ada@example.com', display: 'ada@example.com', raw: ' Ada@Example.com ', valid: true, reason: null, source: 'typed' } })],
      typed,
    );
    expect(answered.fields.email).toEqual({ value: 'ada@example.com', valid: true, reason: null, source: 'typed', pending: false });
  });

  it('takes the saved contact into the form, phone in international format', () => {
    const state = run([server({ type: 'contact_saved', data: contact })], ready);
    expect([state.fields.name.value, state.fields.email.value, state.fields.phone.value]).toEqual(['John Smith', 'john@gmail.com', '+1 415-555-2671']);
    expect(state.fields.phone.source).toBe('saved');
  });

  it('ignores typing once the call is over', () => {
    const ended = run([{ type: 'end' }], ready);
    expect(run([{ type: 'fieldEdited', field: 'name', value: 'x' }], ended).fields).toBe(ended.fields);
  });
});
