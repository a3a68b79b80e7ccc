import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AICaption } from './AICaption';
import { CallButton } from './CallButton';
import { CallStatus } from './CallStatus';
import { callReducer, initialCallState, type CallState } from '../call/callReducer';
import { ContactForm, fieldNote } from './ContactForm';
import { MicLevelMeter, levelToPercent } from './MicLevelMeter';
import { ProblemMessage } from './ProblemMessage';
import { Transcript } from './Transcript';

const noop = () => undefined;
const contact = { id: '1', name: 'John Smith', email: 'john@gmail.com', phone: '+14155552671', phoneDisplay: '+1 415-555-2671' };
const live: CallState = { ...initialCallState, phase: 'ready' };
const accept = () => true;

describe('CallButton', () => {
  it('is a native button labelled Start Call or End Call', () => {
    expect(renderToStaticMarkup(<CallButton active={false} onStart={noop} onEnd={noop} />)).toMatch(
      /^<button type="button"[^>]*>.*Start Call<\/button>$/,
    );
    expect(renderToStaticMarkup(<CallButton active onStart={noop} onEnd={noop} />)).toContain('End Call');
  });
});

describe('CallStatus', () => {
  it('is a polite live status region naming the phase and the turn hint', () => {
    const html = renderToStaticMarkup(<CallStatus phase="listening" hint="Listening to you…" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('data-status="listening"');
    expect(html).toContain('Listening');
    expect(html).toContain('Listening to you…');
  });
});

describe('MicLevelMeter', () => {
  it('maps speech levels onto 0..100 on a decibel scale', () => {
    expect(levelToPercent(0)).toBe(0);
    expect(levelToPercent(0.001)).toBe(0); // -60 dBFS
    expect(levelToPercent(Math.pow(10, -35 / 20))).toBe(50);
    expect(levelToPercent(1)).toBe(100);
  });

  it('is an accessible meter with its value, and reads off when the microphone is off', () => {
    const on = renderToStaticMarkup(<MicLevelMeter level={1} active />);
    expect(on).toContain('role="meter"');
    expect(on).toContain('aria-labelledby="mic-meter-label"');
    expect(on).toContain('aria-valuenow="100"');
    const off = renderToStaticMarkup(<MicLevelMeter level={1} active={false} />);
    expect(off).toContain('aria-valuenow="0"');
    expect(off).toContain('aria-valuetext="off"');
  });
});

describe('ContactForm', () => {
  it('labels every field, shows the saved contact with the phone in international format, and announces a correction', () => {
    const state = callReducer(live, { type: 'server', message: { type: 'contact_updated', data: { ...contact, email: 'j.smith@gmail.com' } } });
    const html = renderToStaticMarkup(<ContactForm fields={state.fields} event="updated" changed={['email']} active onEdit={accept} />);
    expect(html).toContain('<label for="contact-email-input">Email</label>');
    expect(html).toMatch(/<input id="contact-email-input" data-testid="contact-email"[^>]*name="email" value="j.smith@gmail.com"/);
    expect(html).toMatch(/data-testid="contact-phone"[^>]*value="\+1 415-555-2671"/);
    expect(html).toContain('aria-describedby="contact-phone-note"');
    expect(html).toContain('Contact updated: email changed.');
    expect(html).toContain('contact__field--changed');
    expect(html).toContain('Send typed details</button>');
  });

  it('flags a refused field with the reason, in a live region the input points to', () => {
    const state = callReducer(live, {
      type: 'server',
      message: {
        type: 'contact_field',
        data: { field: 'phone', value: null, display: null, raw: '555 012 3456', valid: false, reason: "'+1 555-012-3456' is not a valid US phone number.", source: 'spoken' },
      },
    });
    const html = renderToStaticMarkup(<ContactForm fields={state.fields} event={null} changed={[]} active onEdit={accept} />);
    expect(html).toMatch(/data-testid="contact-phone"[^>]*aria-invalid="true"[^>]*value="555 012 3456"/);
    expect(html).toContain('<p id="contact-phone-note" class="contact__note" data-testid="contact-phone-note" aria-live="polite">Phone &#x27;+1 555-012-3456&#x27; is not a valid US phone number.</p>');
    expect(html).toContain('contact__field--invalid');
  });

  it('is read-only with a hint before a call, and every field can be typed during one', () => {
    const idle = renderToStaticMarkup(<ContactForm fields={initialCallState.fields} event={null} changed={[]} active={false} onEdit={accept} />);
    expect(idle.match(/disabled=""/g)).toHaveLength(4);
    expect(idle).toContain('Start a call, then say or type');
    const during = renderToStaticMarkup(<ContactForm fields={initialCallState.fields} event={null} changed={[]} active onEdit={accept} />);
    expect(during).not.toContain('disabled=""');
  });

  it('says where each value came from', () => {
    expect(fieldNote('email', { value: 'a@b.co', valid: true, reason: null, source: 'spoken', pending: false })).toBe('Heard by the assistant.');
    expect(fieldNote('email', { value: 'a@b.co', valid: true, reason: null, source: 'typed', pending: false })).toBe('Typed by you.');
    expect(fieldNote('email', { value: 'a@b.co', valid: null, reason: null, source: null, pending: true })).toBe('Checking…');
    expect(fieldNote('name', { value: '', valid: null, reason: null, source: null, pending: false })).toBe('');
  });
});

describe('Transcript, caption and problems', () => {
  it('renders both sides in a log region', () => {
    const html = renderToStaticMarkup(
      <Transcript
        entries={[
          { key: 'a', role: 'assistant', itemId: 'i1', text: 'Your name?', final: true },
          { key: 'b', role: 'user', itemId: 'i2', text: 'John', final: true },
        ]}
      />,
    );
    expect(html).toContain('role="log"');
    expect(html).toMatch(/Assistant<\/span><span class="transcript__text">Your name\?/);
    expect(html).toMatch(/You<\/span><span class="transcript__text">John/);
  });

  it('shows the growing caption and announces only the finished reply', () => {
    const html = renderToStaticMarkup(<AICaption text="Hi the" announce="Previous reply." />);
    expect(html).toContain('<p class="caption__text" data-testid="ai-caption">Hi the</p>');
    expect(html).toContain('aria-live="polite" aria-atomic="true">Previous reply.</p>');
  });

  it('shows a problem as an alert with its title and detail', () => {
    const html = renderToStaticMarkup(
      <ProblemMessage problem={{ title: 'No microphone was found.', detail: 'Connect one.', code: 'microphone_missing' }} notice={null} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('No microphone was found.');
    expect(html).toContain('data-code="microphone_missing"');
  });
});
