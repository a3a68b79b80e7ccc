// The browser <-> host protocol (docs/client-protocol.md): server messages parsed and validated,
// client messages built. Nothing here touches a socket, so all of it is unit tested.

/** A saved contact as the host sends it; email and phone are already normalized (phone in E.164). */
export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  /** The phone as people read it (international format, "+1 415-555-2671"); older hosts do not send it. */
  readonly phoneDisplay?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** How to show a contact's phone: the host's display form when it sent one, else E.164 as stored. */
export function displayPhone(contact: Contact): string {
  return contact.phoneDisplay ?? contact.phone;
}

export type Role = 'user' | 'assistant';

/** A field of the contact form. */
export type ContactField = 'name' | 'email' | 'phone';

export const CONTACT_FIELDS: readonly ContactField[] = ['name', 'email', 'phone'];

/**
 * One field as the host received it (contact_field): heard through the assistant ("spoken") or typed by the caller,
 * normalized and validated. A valid field has its stored value and how to show it; an invalid one the reason.
 */
export interface ContactFieldUpdate {
  readonly field: ContactField;
  readonly value: string | null;
  readonly display: string | null;
  readonly raw: string | null;
  readonly valid: boolean;
  readonly reason: string | null;
  readonly source: 'spoken' | 'typed';
}
export type ResponseStatus = 'completed' | 'cancelled' | 'failed' | 'incomplete';

/** Every message the host may send (version 1 plus the opt-in additions). */
export type ServerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reconnecting' }
  | { readonly type: 'listening' }
  | { readonly type: 'processing' }
  | { readonly type: 'audio_delta'; readonly data: string; readonly itemId: string | null }
  | { readonly type: 'audio_item'; readonly itemId: string }
  | { readonly type: 'text'; readonly data: string }
  | { readonly type: 'contact_saved'; readonly data: Contact }
  | { readonly type: 'contact_updated'; readonly data: Contact }
  | { readonly type: 'contact_field'; readonly data: ContactFieldUpdate }
  | { readonly type: 'error'; readonly data: string; readonly code: string | null }
  | { readonly type: 'transcript_delta'; readonly role: Role; readonly itemId: string | null; readonly delta: string }
  | { readonly type: 'transcript'; readonly role: Role; readonly itemId: string | null; readonly text: string }
  | { readonly type: 'response_done'; readonly status: string; readonly responseId: string | null }
  | { readonly type: 'call_ending'; readonly reason: string; readonly withinSeconds: number | null };

export type ParseResult =
  | { readonly ok: true; readonly message: ServerMessage }
  | { readonly ok: false; readonly reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const isOptionalString = (value: unknown): boolean => value === undefined || value === null || typeof value === 'string';

function fail(reason: string): ParseResult {
  return { ok: false, reason };
}

function requireString(json: Json, field: string): string | undefined {
  const value = json[field];
  return typeof value === 'string' ? value : undefined;
}

function parseRole(value: unknown): Role | undefined {
  return value === 'user' || value === 'assistant' ? value : undefined;
}

/** Validates a contact payload; the id may be a number in some stores, so it is stringified. */
export function parseContact(value: unknown): Contact | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const id = typeof value.id === 'number' ? String(value.id) : value.id;
  const { name, email, phone } = value;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof email !== 'string' || typeof phone !== 'string') {
    return undefined;
  }
  const contact: Contact = { id, name, email, phone };
  const createdAt = optionalString(value.createdAt);
  const updatedAt = optionalString(value.updatedAt);
  const phoneDisplay = optionalString(value.phoneDisplay);
  return {
    ...contact,
    ...(phoneDisplay !== null ? { phoneDisplay } : {}),
    ...(createdAt !== null ? { createdAt } : {}),
    ...(updatedAt !== null ? { updatedAt } : {}),
  };
}

function parseContactField(value: unknown): ContactFieldUpdate | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const { field, valid, source } = value;
  if (
    (field !== 'name' && field !== 'email' && field !== 'phone') ||
    typeof valid !== 'boolean' ||
    (source !== 'spoken' && source !== 'typed') ||
    ![value.value, value.display, value.raw, value.reason].every(isOptionalString)
  ) {
    return undefined;
  }
  return {
    field,
    value: optionalString(value.value),
    display: optionalString(value.display),
    raw: optionalString(value.raw),
    valid,
    reason: optionalString(value.reason),
    source,
  };
}

/** Parses one JSON text frame from the host. Unknown types and malformed fields are rejected, never thrown. */
export function parseServerMessage(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  if (!isObject(json) || typeof json.type !== 'string') {
    return fail('no string "type"');
  }
  const type = json.type;
  switch (type) {
    case 'ready':
    case 'reconnecting':
    case 'listening':
    case 'processing':
      return { ok: true, message: { type } };
    case 'audio_delta': {
      const data = requireString(json, 'data');
      return data === undefined
        ? fail('audio_delta without string data')
        : { ok: true, message: { type, data, itemId: optionalString(json.itemId) } };
    }
    case 'audio_item': {
      const itemId = requireString(json, 'itemId');
      return itemId === undefined ? fail('audio_item without itemId') : { ok: true, message: { type, itemId } };
    }
    case 'text': {
      const data = requireString(json, 'data');
      return data === undefined ? fail('text without string data') : { ok: true, message: { type, data } };
    }
    case 'contact_saved':
    case 'contact_updated': {
      const contact = parseContact(json.data);
      return contact === undefined ? fail(`${type} with an invalid contact`) : { ok: true, message: { type, data: contact } };
    }
    case 'contact_field': {
      const update = parseContactField(json.data);
      return update === undefined ? fail('contact_field with an invalid field') : { ok: true, message: { type, data: update } };
    }
    case 'error': {
      // The seed sent only data; be lenient so an error is never lost.
      const data = optionalString(json.data) ?? optionalString(json.message) ?? '';
      return { ok: true, message: { type, data, code: optionalString(json.code) } };
    }
    case 'transcript_delta': {
      // itemId may be null when the model did not name the item; the text still counts.
      const role = parseRole(json.role);
      const delta = requireString(json, 'delta');
      return role === undefined || delta === undefined || !isOptionalString(json.itemId)
        ? fail('transcript_delta needs role, delta and a string or null itemId')
        : { ok: true, message: { type, role, itemId: optionalString(json.itemId), delta } };
    }
    case 'transcript': {
      const role = parseRole(json.role);
      const textValue = requireString(json, 'text');
      return role === undefined || textValue === undefined || !isOptionalString(json.itemId)
        ? fail('transcript needs role, text and a string or null itemId')
        : { ok: true, message: { type, role, itemId: optionalString(json.itemId), text: textValue } };
    }
    case 'response_done': {
      const status = requireString(json, 'status');
      return status === undefined
        ? fail('response_done without status')
        : { ok: true, message: { type, status, responseId: optionalString(json.responseId) } };
    }
    case 'call_ending': {
      // The host is draining for a restart: the call goes on for a while, then ends.
      const data = isObject(json.data) ? json.data : {};
      const within = typeof data.withinSeconds === 'number' && data.withinSeconds >= 0 ? data.withinSeconds : null;
      return { ok: true, message: { type, reason: optionalString(data.reason) ?? 'server_draining', withinSeconds: within } };
    }
    default:
      return fail(`unknown type "${type}"`);
  }
}

/** Tells the host how much of an assistant item was really played (for exact truncation). */
export function playbackMessage(itemId: string, playedMs: number): string {
  return JSON.stringify({ type: 'playback', itemId, playedMs: Math.max(0, Math.floor(playedMs)) });
}

/** The caller interrupts the AI; with a position the host truncates the reply at what was heard. */
export function cancelMessage(position?: { itemId: string; playedMs: number } | null): string {
  return position
    ? JSON.stringify({ type: 'cancel', itemId: position.itemId, playedMs: Math.max(0, Math.floor(position.playedMs)) })
    : JSON.stringify({ type: 'cancel' });
}

/** The caller typed a field into the form: the host normalizes it like a spoken one and tells the assistant. */
export function contactFieldEditMessage(field: ContactField, value: string): string {
  return JSON.stringify({ type: 'contact_field_edit', field, value });
}
