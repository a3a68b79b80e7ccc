import { CONTACT_FIELDS, displayPhone, type Contact, type ContactField, type ContactFieldUpdate, type Role, type ServerMessage } from '../protocol/messages';
import {
  COMPLETED_NOTICE,
  describeMicrophoneFailure,
  describeServerError,
  describeUnexpectedClose,
  isCompletedClose,
  type CallProblem,
  type MicrophoneFailure,
} from '../protocol/errorMessages';

/** The call's status as the caller sees it. */
export type CallPhase = 'idle' | 'connecting' | 'reconnecting' | 'ready' | 'listening' | 'processing' | 'speaking' | 'ended' | 'error';

export interface TranscriptEntry {
  /** Stable React key. */
  readonly key: string;
  readonly role: Role;
  /** The conversation item; null for a user turn heard (listening) but not yet transcribed. */
  readonly itemId: string | null;
  readonly text: string;
  readonly final: boolean;
}

export type { ContactField } from '../protocol/messages';

/** One field of the caller's form: what it shows and whether the host took it. */
export interface FieldState {
  /** What the field shows: the stored form (a phone in international format), or what was heard or typed when refused. */
  readonly value: string;
  /** null: nothing yet; true: the host took it; false: refused (see reason). */
  readonly valid: boolean | null;
  readonly reason: string | null;
  /** Where the value came from: heard through the assistant, typed, or the saved contact. */
  readonly source: 'spoken' | 'typed' | 'saved' | null;
  /** The caller typed it and the host has not answered yet. */
  readonly pending: boolean;
}

export type ContactFields = Readonly<Record<ContactField, FieldState>>;

const EMPTY_FIELD: FieldState = { value: '', valid: null, reason: null, source: null, pending: false };
const EMPTY_FIELDS: ContactFields = { name: EMPTY_FIELD, email: EMPTY_FIELD, phone: EMPTY_FIELD };

export interface CallState {
  readonly phase: CallPhase;
  readonly problem: CallProblem | null;
  /** A non-fatal message (the call goes on, or it ended normally with a reason). */
  readonly notice: string | null;
  /** The AI's latest words (the seed's AICaption), growing while they are spoken. */
  readonly caption: string;
  /** The AI's last complete reply: what screen readers announce (not every partial word). */
  readonly finalCaption: string;
  readonly transcript: readonly TranscriptEntry[];
  readonly contact: Contact | null;
  readonly contactEvent: 'saved' | 'updated' | null;
  readonly changedFields: readonly ContactField[];
  /** The live form: filled in as the assistant hears each field, and by what the caller types. */
  readonly fields: ContactFields;
  readonly microphoneOn: boolean;
  /** The AI's audio is coming out of the speakers. */
  readonly aiSpeaking: boolean;
  /** The local VAD hears the caller. */
  readonly userSpeaking: boolean;
  /** A model response is streaming (audio may still arrive). */
  readonly responseOpen: boolean;
  /** The host sends transcript messages (transcripts=1), so `text` only updates the caption. */
  readonly transcriptsEnabled: boolean;
  /** The host sends response_done (responseDone=1). */
  readonly responseDoneEnabled: boolean;
  readonly endRequested: boolean;
  readonly nextKey: number;
}

export type CallAction =
  | { readonly type: 'start'; readonly transcriptsEnabled: boolean; readonly responseDoneEnabled: boolean }
  | { readonly type: 'server'; readonly message: ServerMessage }
  | { readonly type: 'socketClosed'; readonly wasOpen: boolean; readonly code: number; readonly reason: string }
  | { readonly type: 'microphoneStarted' }
  | { readonly type: 'microphoneFailed'; readonly failure: MicrophoneFailure }
  | { readonly type: 'audioFailed'; readonly detail: string }
  | { readonly type: 'playbackStarted' }
  | { readonly type: 'playbackDrained' }
  | { readonly type: 'playbackFlushed' }
  | { readonly type: 'localVoice'; readonly speaking: boolean }
  | { readonly type: 'end' }
  | { readonly type: 'fieldEdited'; readonly field: ContactField; readonly value: string };

export const initialCallState: CallState = {
  phase: 'idle',
  problem: null,
  notice: null,
  caption: '',
  finalCaption: '',
  transcript: [],
  contact: null,
  contactEvent: null,
  changedFields: [],
  fields: EMPTY_FIELDS,
  microphoneOn: false,
  aiSpeaking: false,
  userSpeaking: false,
  responseOpen: false,
  transcriptsEnabled: false,
  responseDoneEnabled: false,
  endRequested: false,
  nextKey: 0,
};

/** True while a call is in progress (Start is replaced by End). */
export function isCallActive(phase: CallPhase): boolean {
  return phase !== 'idle' && phase !== 'ended' && phase !== 'error';
}

function isLive(state: CallState): boolean {
  return isCallActive(state.phase) && !state.endRequested;
}

function stop(state: CallState, phase: 'ended' | 'error', problem: CallProblem | null, notice: string | null): CallState {
  return {
    ...state,
    phase,
    problem,
    notice,
    microphoneOn: false,
    aiSpeaking: false,
    userSpeaking: false,
    responseOpen: false,
    // A user turn that was heard but never transcribed leaves nothing worth showing.
    transcript: state.transcript.filter((e) => e.text.length > 0),
  };
}

/** After the AI stops talking it is the caller's turn again. */
function afterSpeech(state: CallState): CallState {
  if (state.phase === 'speaking' && !state.aiSpeaking && !state.responseOpen) {
    return { ...state, phase: 'ready' };
  }
  return state;
}

function changedFields(previous: Contact | null, next: Contact): ContactField[] {
  if (previous === null) {
    return [];
  }
  return CONTACT_FIELDS.filter((field) => (field === 'phone' ? displayPhone(previous) !== displayPhone(next) : previous[field] !== next[field]));
}

/**
 * Adds text to the transcript entry of (role, itemId), creating it when needed. A user entry
 * first fills the placeholder created when the model heard the caller start speaking, so the
 * caller's words stay before the AI's answer even when the transcription arrives later. Text
 * without an itemId continues the role's open (not final) entry.
 */
function upsertTranscript(
  state: CallState,
  role: Role,
  itemId: string | null,
  text: string,
  mode: 'append' | 'replace',
): CallState {
  const entries = [...state.transcript];
  let index = itemId !== null ? entries.findIndex((e) => e.role === role && e.itemId === itemId) : -1;
  if (index < 0) {
    const open = (e: TranscriptEntry) => e.role === role && !e.final && (e.itemId === null || itemId === null);
    // The caller's oldest unfilled turn comes first; the AI's text continues its latest reply.
    index = role === 'user' ? entries.findIndex(open) : entries.findLastIndex(open);
  }
  let nextKey = state.nextKey;
  if (index < 0) {
    entries.push({ key: `t${nextKey++}`, role, itemId, text: '', final: false });
    index = entries.length - 1;
  }
  const entry = entries[index]!;
  const newText = mode === 'append' ? entry.text + text : text;
  entries[index] = { ...entry, itemId: itemId ?? entry.itemId, text: newText, final: mode === 'replace' };
  const caption = role === 'assistant' ? newText : state.caption;
  const finalCaption = role === 'assistant' && mode === 'replace' ? newText : state.finalCaption;
  return { ...state, transcript: entries, nextKey, caption, finalCaption };
}

function fieldFrom(update: ContactFieldUpdate): FieldState {
  return update.valid
    ? { value: update.display ?? update.value ?? '', valid: true, reason: null, source: update.source, pending: false }
    : { value: update.raw ?? '', valid: false, reason: update.reason, source: update.source, pending: false };
}

function fieldsFromContact(contact: Contact): ContactFields {
  const saved = (value: string): FieldState => ({ value, valid: true, reason: null, source: 'saved', pending: false });
  return { name: saved(contact.name), email: saved(contact.email), phone: saved(displayPhone(contact)) };
}

function onServerMessage(state: CallState, message: ServerMessage): CallState {
  switch (message.type) {
    case 'ready':
      // The first ready, or the AI back after reconnecting.
      return state.phase === 'connecting' || state.phase === 'reconnecting' ? { ...state, phase: 'ready' } : state;
    case 'reconnecting':
      // The host lost the AI and is reconnecting: the call goes on; nothing the caller says is heard until ready.
      return isCallActive(state.phase) ? { ...state, phase: 'reconnecting', userSpeaking: false, responseOpen: false } : state;
    case 'listening': {
      // The caller is talking: playback was flushed; keep a slot for their words in the transcript.
      const hasPlaceholder = state.transcript.some((e) => e.role === 'user' && e.itemId === null);
      const transcript = hasPlaceholder
        ? state.transcript
        : [...state.transcript, { key: `t${state.nextKey}`, role: 'user' as const, itemId: null, text: '', final: false }];
      return {
        ...state,
        phase: 'listening',
        aiSpeaking: false,
        responseOpen: false,
        transcript,
        nextKey: hasPlaceholder ? state.nextKey : state.nextKey + 1,
      };
    }
    case 'processing':
      return { ...state, phase: 'processing' };
    case 'audio_delta':
    case 'audio_item':
      // Without response_done the end of playback is the only end of a reply we can see.
      return { ...state, responseOpen: state.responseDoneEnabled };
    case 'text':
      if (state.transcriptsEnabled) {
        return { ...state, caption: message.data, finalCaption: message.data };
      }
      return {
        ...state,
        caption: message.data,
        finalCaption: message.data,
        transcript: [
          ...state.transcript,
          { key: `t${state.nextKey}`, role: 'assistant', itemId: null, text: message.data, final: true },
        ],
        nextKey: state.nextKey + 1,
      };
    case 'transcript_delta':
      return upsertTranscript(state, message.role, message.itemId, message.delta, 'append');
    case 'transcript':
      return upsertTranscript(state, message.role, message.itemId, message.text, 'replace');
    case 'response_done':
      return afterSpeech({ ...state, responseOpen: false });
    case 'contact_saved':
    case 'contact_updated':
      return {
        ...state,
        contact: message.data,
        contactEvent: message.type === 'contact_saved' ? 'saved' : 'updated',
        changedFields: changedFields(state.contact, message.data),
        fields: fieldsFromContact(message.data),
      };
    case 'call_ending':
      // Not an error: the call goes on, and the caller can finish what they were saying.
      return { ...state, notice: callEndingNotice(message.withinSeconds) };
    case 'contact_field':
      return { ...state, fields: { ...state.fields, [message.data.field]: fieldFrom(message.data) } };
    case 'error': {
      const { severity, problem } = describeServerError(message.code, message.data);
      if (severity === 'notice') {
        return { ...state, notice: problem.title };
      }
      if (severity === 'ended') {
        return stop(state, 'ended', null, `${problem.title} ${problem.detail}`);
      }
      return stop(state, 'error', problem, null);
    }
  }
}

/** What the page says when the host announces a restart (call_ending). */
export function callEndingNotice(withinSeconds: number | null): string {
  if (withinSeconds === null) {
    return 'The server is restarting soon: this call will end shortly. You can call again afterwards.';
  }
  const minutes = Math.round(withinSeconds / 60);
  const when = withinSeconds >= 90 ? `about ${minutes} minutes` : `${Math.max(1, Math.round(withinSeconds))} seconds`;
  return `The server is restarting soon: this call will end within ${when}. You can call again afterwards.`;
}

/** The call's state machine: every socket, audio and user event goes through here. */
export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case 'start':
      return {
        ...initialCallState,
        phase: 'connecting',
        transcriptsEnabled: action.transcriptsEnabled,
        responseDoneEnabled: action.responseDoneEnabled,
      };
    case 'server':
      return isLive(state) ? onServerMessage(state, action.message) : state;
    case 'socketClosed':
      if (state.endRequested || !isCallActive(state.phase)) {
        return state;
      }
      if (isCompletedClose(action.code, action.reason)) {
        // The assistant said goodbye and ended the call: a normal end.
        return stop(state, 'ended', null, COMPLETED_NOTICE);
      }
      return stop(state, 'error', describeUnexpectedClose(action.wasOpen, action.code), null);
    case 'microphoneStarted':
      return isLive(state) ? { ...state, microphoneOn: true } : state;
    case 'microphoneFailed':
      return isLive(state) ? stop(state, 'error', describeMicrophoneFailure(action.failure), null) : state;
    case 'audioFailed':
      return isLive(state)
        ? stop(state, 'error', { title: 'Audio could not be started in this browser.', detail: action.detail, code: 'audio_unavailable' }, null)
        : state;
    case 'playbackStarted':
      if (!isLive(state)) {
        return state;
      }
      // Audio from a reply that arrives while the caller is talking was already flushed; once it
      // plays, the AI has the floor.
      return { ...state, aiSpeaking: true, phase: state.phase === 'connecting' ? state.phase : 'speaking' };
    case 'playbackDrained':
      return isLive(state) ? afterSpeech({ ...state, aiSpeaking: false }) : state;
    case 'playbackFlushed':
      return isLive(state) ? afterSpeech({ ...state, aiSpeaking: false, responseOpen: false }) : state;
    case 'localVoice':
      return isLive(state) ? { ...state, userSpeaking: action.speaking } : state;
    case 'end':
      if (!isCallActive(state.phase)) {
        return state;
      }
      return { ...stop(state, 'ended', null, null), endRequested: true };
    case 'fieldEdited':
      return isLive(state)
        ? { ...state, fields: { ...state.fields, [action.field]: { ...state.fields[action.field], value: action.value, pending: true } } }
        : state;
  }
}

/** The hint next to the status: whose turn it is. */
export function turnHint(state: CallState): string | null {
  if (!isCallActive(state.phase) || state.phase === 'connecting') {
    return null;
  }
  if (state.phase === 'reconnecting') {
    return 'Reconnecting to the assistant…';
  }
  if (state.aiSpeaking) {
    return state.userSpeaking ? 'Interrupting…' : 'The assistant is speaking';
  }
  if (state.userSpeaking || state.phase === 'listening') {
    return 'Listening to you…';
  }
  if (state.phase === 'processing') {
    return 'Thinking…';
  }
  if (state.microphoneOn) {
    return 'Your turn';
  }
  return 'Starting the microphone…';
}

/** The status word shown (and read by screen readers). */
export function statusLabel(phase: CallPhase): string {
  switch (phase) {
    case 'idle':
      return 'Not in a call';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'ready':
      return 'Ready';
    case 'listening':
      return 'Listening';
    case 'processing':
      return 'Processing';
    case 'speaking':
      return 'Speaking';
    case 'ended':
      return 'Call ended';
    case 'error':
      return 'Error';
  }
}
