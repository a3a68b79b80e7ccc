import { describe, expect, it } from 'vitest';
import { cancelMessage, contactFieldEditMessage, displayPhone, parseContact, parseServerMessage, playbackMessage } from './messages';

const contact = {
  id: '42',
  name: 'John Smith',
  email: 'john.smith@gmail.com',
  phone: '+14155552671',
  phoneDisplay: '+1 415-555-2671',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const parse = (value: unknown) => parseServerMessage(JSON.stringify(value));

describe('parseServerMessage: version 1 (the seed)', () => {
  it.each(['ready', 'listening', 'processing'])('accepts %s', (type) => {
    expect(parse({ type })).toEqual({ ok: true, message: { type } });
  });

  it('accepts audio_delta with and without the itemId addition', () => {
    expect(parse({ type: 'audio_delta', data: 'AAA=' })).toEqual({
      ok: true,
      message: { type: 'audio_delta', data: 'AAA=', itemId: null },
    });
    expect(parse({ type: 'audio_delta', data: 'AAA=', itemId: 'item_1' })).toMatchObject({
      ok: true,
      message: { itemId: 'item_1' },
    });
  });

  it('accepts text', () => {
    expect(parse({ type: 'text', data: 'Hi! What is your name?' })).toEqual({
      ok: true,
      message: { type: 'text', data: 'Hi! What is your name?' },
    });
  });

  it('accepts contact_saved and contact_updated with a full contact', () => {
    expect(parse({ type: 'contact_saved', data: contact })).toEqual({
      ok: true,
      message: { type: 'contact_saved', data: contact },
    });
    expect(parse({ type: 'contact_updated', data: { ...contact, email: 'j@x.io' } })).toMatchObject({
      ok: true,
      message: { type: 'contact_updated', data: { email: 'j@x.io' } },
    });
  });

  it('stringifies a numeric contact id and allows missing timestamps', () => {
    expect(parseContact({ id: 7, name: 'A', email: 'a@b.c', phone: '+1' })).toEqual({
      id: '7',
      name: 'A',
      email: 'a@b.c',
      phone: '+1',
    });
  });

  it('keeps the phone display form when the host sends it, and falls back to E.164 for older hosts', () => {
    expect(displayPhone(parseContact(contact)!)).toBe('+1 415-555-2671');
    const { phoneDisplay: _display, ...older } = contact;
    expect(parseContact(older)).not.toHaveProperty('phoneDisplay');
    expect(displayPhone(parseContact(older)!)).toBe('+14155552671');
  });

  it('rejects a contact that misses a field', () => {
    const { phone: _phone, ...withoutPhone } = contact;
    expect(parse({ type: 'contact_saved', data: withoutPhone }).ok).toBe(false);
    expect(parse({ type: 'contact_saved', data: 'John' }).ok).toBe(false);
  });

  it('accepts error with a code, and the seed error without one', () => {
    expect(parse({ type: 'error', code: 'not_configured', data: 'no key' })).toEqual({
      ok: true,
      message: { type: 'error', code: 'not_configured', data: 'no key' },
    });
    expect(parse({ type: 'error', data: 'Failed to connect to AI service' })).toEqual({
      ok: true,
      message: { type: 'error', code: null, data: 'Failed to connect to AI service' },
    });
  });
});

describe('parseServerMessage: opt-in additions', () => {
  it('accepts audio_item', () => {
    expect(parse({ type: 'audio_item', itemId: 'item_9' })).toEqual({
      ok: true,
      message: { type: 'audio_item', itemId: 'item_9' },
    });
  });

  it('accepts transcript_delta and transcript for both roles', () => {
    expect(parse({ type: 'transcript_delta', role: 'assistant', itemId: 'i1', delta: 'Hel' })).toEqual({
      ok: true,
      message: { type: 'transcript_delta', role: 'assistant', itemId: 'i1', delta: 'Hel' },
    });
    expect(parse({ type: 'transcript', role: 'user', itemId: 'i2', text: 'John Smith' })).toEqual({
      ok: true,
      message: { type: 'transcript', role: 'user', itemId: 'i2', text: 'John Smith' },
    });
  });

  it('accepts a transcript whose itemId is null or missing (the host writes null when the model gave none)', () => {
    expect(parse({ type: 'transcript', role: 'user', itemId: null, text: 'x' })).toEqual({
      ok: true,
      message: { type: 'transcript', role: 'user', itemId: null, text: 'x' },
    });
    expect(parse({ type: 'transcript_delta', role: 'assistant', delta: 'x' })).toMatchObject({ ok: true, message: { itemId: null } });
  });

  it('rejects a transcript with an unknown role, a non-string itemId or no text', () => {
    expect(parse({ type: 'transcript', role: 'system', itemId: 'i', text: 'x' }).ok).toBe(false);
    expect(parse({ type: 'transcript', role: 'user', itemId: 5, text: 'x' }).ok).toBe(false);
    expect(parse({ type: 'transcript_delta', role: 'user', itemId: 'i' }).ok).toBe(false);
  });

  it('accepts response_done', () => {
    expect(parse({ type: 'response_done', status: 'cancelled', responseId: 'resp_1' })).toEqual({
      ok: true,
      message: { type: 'response_done', status: 'cancelled', responseId: 'resp_1' },
    });
  });
});

describe('parseServerMessage: call_ending', () => {
  it('accepts call_ending with its reason and time left', () => {
    expect(parse({ type: 'call_ending', data: { reason: 'server_draining', withinSeconds: 120 } })).toEqual({
      ok: true,
      message: { type: 'call_ending', reason: 'server_draining', withinSeconds: 120 },
    });
  });

  it('accepts call_ending without data', () => {
    expect(parse({ type: 'call_ending' })).toEqual({
      ok: true,
      message: { type: 'call_ending', reason: 'server_draining', withinSeconds: null },
    });
  });
});

describe('parseServerMessage: bad input never throws', () => {
  it.each([
    ['not JSON', '{nope'],
    ['an array', '[1,2]'],
    ['no type', '{"data":"x"}'],
    ['a numeric type', '{"type":5}'],
    ['an unknown type', '{"type":"session.created"}'],
    ['audio_delta without data', '{"type":"audio_delta"}'],
    ['text with a number', '{"type":"text","data":3}'],
    ['audio_item without itemId', '{"type":"audio_item"}'],
    ['response_done without status', '{"type":"response_done"}'],
  ])('rejects %s', (_name, text) => {
    const result = parseServerMessage(text);
    expect(result.ok).toBe(false);
  });
});

describe('client messages', () => {
  it('playback carries an integer playedMs', () => {
    expect(JSON.parse(playbackMessage('item_1', 1234.9))).toEqual({ type: 'playback', itemId: 'item_1', playedMs: 1234 });
  });

  it('cancel carries the position when there is one, and is the seed message otherwise', () => {
    expect(JSON.parse(cancelMessage({ itemId: 'item_1', playedMs: 850 }))).toEqual({
      type: 'cancel',
      itemId: 'item_1',
      playedMs: 850,
    });
    expect(JSON.parse(cancelMessage(null))).toEqual({ type: 'cancel' });
  });
});

describe('the live form: contact_field and contact_field_edit', () => {
  const field = { field: 'phone', value: '+14155552671', display: '+1 415-555-2671', raw: 'four one five', valid: true, reason: null, source: 'spoken' };

  it('accepts a valid and a refused field', () => {
    expect(parse({ type: 'contact_field', data: field })).toEqual({ ok: true, message: { type: 'contact_field', data: field } });
    const refused = { ...field, value: null, display: null, valid: false, reason: 'is not a valid US phone number.', source: 'typed' };
    expect(parse({ type: 'contact_field', data: refused })).toEqual({ ok: true, message: { type: 'contact_field', data: refused } });
  });

  it('rejects an unknown field, a missing valid flag or a bad source', () => {
    expect(parse({ type: 'contact_field', data: { ...field, field: 'address' } }).ok).toBe(false);
    expect(parse({ type: 'contact_field', data: { ...field, valid: 'yes' } }).ok).toBe(false);
    expect(parse({ type: 'contact_field', data: { ...field, source: 'guessed' } }).ok).toBe(false);
    expect(parse({ type: 'contact_field', data: { ...field, reason: 7 } }).ok).toBe(false);
  });

  it('builds the typed field message', () => {
    expect(JSON.parse(contactFieldEditMessage('email', 'ada@example.com'))).toEqual({ type: 'contact_field_edit', field: 'email', value: 'ada@example.com' });
  });
});
