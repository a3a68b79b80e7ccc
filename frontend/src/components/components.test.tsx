import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AICaption } from './AICaption';
import { CallButton } from './CallButton';
import { CallStatus } from './CallStatus';
import { ContactSaved } from './ContactSaved';
import { MicLevelMeter, levelToPercent } from './MicLevelMeter';
import { ProblemMessage } from './ProblemMessage';
import { Transcript } from './Transcript';

const noop = () => undefined;
const contact = { id: '1', name: 'John Smith', email: 'john@gmail.com', phone: '+14155552671', phoneDisplay: '+1 415-555-2671' };

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

describe('ContactSaved', () => {
  it('lists name, email and phone and announces a correction', () => {
    const html = renderToStaticMarkup(
      <ContactSaved contact={{ ...contact, email: 'j.smith@gmail.com' }} event="updated" changed={['email']} />,
    );
    expect(html).toContain('<dt>Email</dt><dd data-testid="contact-email">j.smith@gmail.com</dd>');
    expect(html).toContain('Contact updated: email changed.');
    expect(html).toContain('contact__row--changed');
    expect(html).toContain('<dd data-testid="contact-phone">+1 415-555-2671</dd>');
  });

  it('says nothing is saved yet', () => {
    expect(renderToStaticMarkup(<ContactSaved contact={null} event={null} changed={[]} />)).toContain('Nothing saved yet');
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
