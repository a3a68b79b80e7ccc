// End to end with the real pieces: Debian's Chromium with a fake microphone playing espeak-ng speech,
// the real VoiceContacts host (built in Release) serving frontend/dist and /ws, SQLite, and the
// FakeRealtimeServer that the host starts in place of OpenAI (VoiceContacts:FakeRealtime:Enabled, test only).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { instrument, launchChromium, pageRecord } from './support/browser';
import { FRONTEND_DIR, startHost, type RunningHost } from './support/host';
import { freePort } from './support/ports';
import { RESULTS_DIR, useE2eWorkspace } from './support/workspace';

/** What the fake model's save_contact arguments (samples/VoiceContacts.Host/FakeContactModel.cs: "ada lovelace", "ada at example dot com", "four one five two three four five six seven eight") normalize to. */
const NORMALIZED_CONTACT = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+14152345678', phoneDisplay: '+1 415-234-5678' };
/** What the fake model says when the contact agent tells it about a typed field (FakeContactModel.TypedFieldReply). */
const TYPED_FIELD_REPLY = "Thanks, I've taken what you typed.";

type FieldMessage = { type: 'contact_field'; data: { field: string; display: string | null; valid: boolean; source: string } };

async function storedContacts(host: RunningHost): Promise<{ email: string; phone: string; phoneDisplay: string }[]> {
  const response = await fetch(`${host.url}/api/contacts`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  // The admin API answers a page: {items, nextCursor}.
  const page = (await response.json()) as { items: { email: string; phone: string; phoneDisplay: string }[] };
  return page.items;
}
const ADMIN_TOKEN = 'e2e-admin-token';
const workspace = useE2eWorkspace('voicecontacts-e2e-host-');

async function hostWith(name: string, env: Record<string, string>): Promise<RunningHost> {
  const host = await startHost(
    {
      ConnectionStrings__Contacts: `Data Source=${join(workspace.dir, `${name}.db`)}`,
      VoiceContacts__FrontendPath: join(FRONTEND_DIR, 'dist'),
      ...env,
    },
    join(RESULTS_DIR, `host-${name}.log`),
  );
  workspace.defer(() => host.stop());
  return host;
}

async function openPage(
  host: RunningHost,
  microphone: { wav?: string; deny?: boolean },
): Promise<{ page: Page; browser: Browser; cspViolations: string[] }> {
  const browser = await launchChromium(microphone);
  workspace.defer(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
  await instrument(page);
  // The host serves the page under a strict Content-Security-Policy; Chromium reports what it blocks on the console.
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) {
      cspViolations.push(message.text());
    }
  });
  const response = await page.goto(host.url);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  return { page, browser, cspViolations };
}

describe('a call through the real host and the fake model', () => {
  it('greets, hears the caller, saves the normalized contact, and End Call releases the microphone', async () => {
    const host = await hostWith('call', {
      VoiceContacts__FakeRealtime__Enabled: 'true',
      VoiceContacts__AdminToken: ADMIN_TOKEN,
    });
    const { page, cspViolations } = await openPage(host, { wav: workspace.callerWav });

    await page.getByRole('button', { name: 'Start Call' }).click();

    // The greeting: the AI's caption fills in.
    const caption = page.getByTestId('ai-caption');
    await expect.poll(async () => (await caption.textContent()) ?? '', { timeout: 30_000 }).not.toMatch(/appear here|^$/);
    const greeting = await caption.textContent();

    // The fake model hears the espeak-ng speech, records each field as it hears it, then calls save_contact; the form
    // shows the normalized contact, the phone in international format.
    await page.getByTestId('contact-event').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('contact-name').inputValue()).toBe(NORMALIZED_CONTACT.name);
    expect(await page.getByTestId('contact-email').inputValue()).toBe(NORMALIZED_CONTACT.email);
    expect(await page.getByTestId('contact-phone').inputValue()).toBe(NORMALIZED_CONTACT.phoneDisplay);
    expect(await page.getByTestId('contact-event').textContent()).toMatch(/Saved|Updated/);

    const during = await pageRecord(page);
    // The form filled in live: each field arrived on its own, as the model heard it, before the contact was saved.
    const types = during.received.map((m) => m.type);
    const heard = during.received.filter((m): m is FieldMessage => m.type === 'contact_field').slice(0, 3);
    expect(heard.map((m) => [m.data.field, m.data.display, m.data.valid, m.data.source])).toEqual([
      ['name', NORMALIZED_CONTACT.name, true, 'spoken'],
      ['email', NORMALIZED_CONTACT.email, true, 'spoken'],
      ['phone', NORMALIZED_CONTACT.phoneDisplay, true, 'spoken'],
    ]);
    expect(types.indexOf('contact_field')).toBeLessThan(types.indexOf('contact_saved'));
    // The model's speech detection fired: the page showed listening and processing.
    expect(during.statuses).toEqual(expect.arrayContaining(['connecting', 'ready', 'listening', 'processing']));
    expect(during.tracks).toEqual([{ kind: 'audio', readyState: 'live' }]);
    expect(during.sentBinary).toBeGreaterThan(10);
    expect(greeting?.length ?? 0).toBeGreaterThan(0);
    // The transcript shows both sides: the greeting, the caller's words as the model transcribed them, the reply.
    await expect
      .poll(() => page.locator('[data-testid="transcript"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-role'))))
      .toEqual(expect.arrayContaining(['assistant', 'user']));
    expect(await page.locator('[data-testid="transcript"] li[data-role="user"]').first().textContent()).toContain('ada lovelace');
    // The host accepted everything the page sent (binary audio, playback positions, cancel): no bad_message notice.
    expect(await page.getByTestId('call-notice').textContent()).toBe('');
    expect(during.sentJson.some((m) => (JSON.parse(m) as { type: string }).type === 'playback')).toBe(true);

    // The contact is really stored (SQLite), through the host's admin listing.
    const response = await fetch(`${host.url}/api/contacts`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain(NORMALIZED_CONTACT.email);
    // The whole call ran under the CSP: scripts, styles, the audio worklets and the /ws socket were all allowed.
    expect(cspViolations).toEqual([]);

    await page.screenshot({ path: join(RESULTS_DIR, 'saved-contact.png'), fullPage: true });

    await page.getByRole('button', { name: 'End Call' }).click();
    await page.getByRole('button', { name: 'Start Call' }).waitFor();
    const after = await pageRecord(page);
    expect(after.tracks).toEqual([{ kind: 'audio', readyState: 'ended' }]);
    await expect.poll(async () => (await pageRecord(page)).audioContexts).toEqual(['closed']);
    await expect.poll(async () => (await pageRecord(page)).sockets.map((s) => s.readyState)).toEqual([3]); // CLOSED
    expect(await page.getByTestId('call-status').getAttribute('data-status')).toBe('ended');
    expect(await page.getByTestId('contact-email').inputValue()).toBe(NORMALIZED_CONTACT.email);
  });

  it('takes a typed email correction: the stored contact changes and the model is told', async () => {
    const host = await hostWith('typed-correction', {
      VoiceContacts__FakeRealtime__Enabled: 'true',
      VoiceContacts__AdminToken: ADMIN_TOKEN,
    });
    // One spoken turn only: a second one would save the spoken email again.
    const { page } = await openPage(host, { wav: workspace.callerWavOnce });
    await page.getByRole('button', { name: 'Start Call' }).click();
    await page.getByTestId('contact-event').filter({ hasText: 'Saved' }).waitFor({ timeout: 90_000 });

    // The caller clicks the email field and types a correction, as a caller in a noisy room would.
    const email = page.getByLabel('Email', { exact: true });
    await email.click();
    await email.fill('Ada.King@Example.com');
    await email.press('Enter');

    // The host normalizes it like a spoken one, updates the stored contact and says so.
    await page.getByTestId('contact-event').filter({ hasText: 'Updated' }).waitFor({ timeout: 30_000 });
    expect(await email.inputValue()).toBe('ada.king@example.com');
    await expect.poll(async () => (await storedContacts(host)).map((c) => c.email)).toEqual(['ada.king@example.com']);
    const record = await pageRecord(page);
    expect(record.sentJson.map((m) => JSON.parse(m) as unknown)).toContainEqual({ type: 'contact_field_edit', field: 'email', value: 'Ada.King@Example.com' });
    const typed = record.received.filter((m): m is FieldMessage => m.type === 'contact_field' && (m as FieldMessage).data.source === 'typed');
    expect(typed.map((m) => [m.data.field, m.data.display, m.data.valid])).toEqual([['email', 'ada.king@example.com', true]]);

    // The model got the typed email (a system message): the fake answers only such a message with this reply.
    await page.locator('[data-testid="transcript"] li[data-role="assistant"]').filter({ hasText: TYPED_FIELD_REPLY }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(RESULTS_DIR, 'typed-correction.png'), fullPage: true });
  });

  it('on GPT-Live, by configuration alone: greets, hears the caller, saves the contact and takes a typed update', async () => {
    // The same browser app and host; RealtimeVoiceAgent:Provider=OpenAILive makes the host run GptLiveClient against
    // the FakeLiveServer (full duplex, tools through Responses delegation).
    const host = await hostWith('live', {
      VoiceContacts__FakeRealtime__Enabled: 'true',
      VoiceContacts__AdminToken: ADMIN_TOKEN,
      RealtimeVoiceAgent__Provider: 'OpenAILive',
    });
    const { page, cspViolations } = await openPage(host, { wav: workspace.callerWavOnce });
    await page.getByRole('button', { name: 'Start Call' }).click();

    const caption = page.getByTestId('ai-caption');
    await expect.poll(async () => (await caption.textContent()) ?? '', { timeout: 30_000 }).not.toMatch(/appear here|^$/);
    await page.getByTestId('contact-event').filter({ hasText: 'Saved' }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('contact-name').inputValue()).toBe(NORMALIZED_CONTACT.name);
    expect(await page.getByTestId('contact-phone').inputValue()).toBe(NORMALIZED_CONTACT.phoneDisplay);
    const during = await pageRecord(page);
    expect(during.statuses).toEqual(expect.arrayContaining(['connecting', 'ready', 'listening', 'processing']));

    const email = page.getByLabel('Email', { exact: true });
    await email.click();
    await email.fill('Ada.King@Example.com');
    await email.press('Enter');
    await page.getByTestId('contact-event').filter({ hasText: 'Updated' }).waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await storedContacts(host)).map((c) => c.email)).toEqual(['ada.king@example.com']);
    await page.locator('[data-testid="transcript"] li[data-role="assistant"]').filter({ hasText: TYPED_FIELD_REPLY }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('call-notice').textContent()).toBe('');
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: join(RESULTS_DIR, 'live-call.png'), fullPage: true });
  });

  it('can be completed by keyboard alone, with an inline error for a refused field', async () => {
    const host = await hostWith('typed-only', {
      VoiceContacts__FakeRealtime__Enabled: 'true',
      VoiceContacts__AdminToken: ADMIN_TOKEN,
    });
    // A caller who does not speak: the microphone hears silence.
    const { page } = await openPage(host, { wav: workspace.silentWav });
    await page.getByRole('button', { name: 'Start Call' }).click();
    // Typing is sent once the call is connected (the greeting plays meanwhile).
    await expect
      .poll(() => page.getByTestId('call-status').getAttribute('data-status'), { timeout: 30_000 })
      .toMatch(/^(ready|speaking|listening|processing)$/);

    // Tab from the call button to each field; type; Enter sends what was typed.
    await page.getByRole('button', { name: 'End Call' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-name-input');
    await page.keyboard.type('ada lovelace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ada at example dot com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('555 012 3456');
    await page.keyboard.press('Enter');

    // The phone is refused next to the field, in words, for screen readers too; nothing is stored.
    const phone = page.getByLabel('Phone', { exact: true });
    await expect.poll(() => phone.getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    const note = await page.getByTestId('contact-phone-note').textContent();
    expect(note).toContain('is not a valid US phone number');
    expect(await page.getByTestId('contact-phone-note').getAttribute('aria-live')).toBe('polite');
    expect(await phone.getAttribute('aria-describedby')).toBe('contact-phone-note');
    expect(await page.getByTestId('contact-email').inputValue()).toBe('ada@example.com');
    expect(await storedContacts(host)).toEqual([]);

    // Corrected: with all three fields valid the contact is saved, by typing alone.
    await phone.fill('(415) 234-5678');
    await phone.press('Enter');
    await page.getByTestId('contact-event').filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
    expect(await phone.inputValue()).toBe(NORMALIZED_CONTACT.phoneDisplay);
    expect(await phone.getAttribute('aria-invalid')).toBe('false');
    const stored = await storedContacts(host);
    expect(stored.map((c) => [c.email, c.phone, c.phoneDisplay])).toEqual([[NORMALIZED_CONTACT.email, NORMALIZED_CONTACT.phone, NORMALIZED_CONTACT.phoneDisplay]]);
    await page.screenshot({ path: join(RESULTS_DIR, 'typed-only.png'), fullPage: true });
  });

  it('shows the connection error when the model cannot be reached', async () => {
    const closedPort = await freePort(); // nothing listens there
    const host = await hostWith('unreachable', {
      RealtimeVoiceAgent__Endpoint: `ws://127.0.0.1:${closedPort}/v1/realtime`,
      RealtimeVoiceAgent__ApiKey: 'test',
      VoiceContacts__ConnectTimeout: '00:00:15',
    });
    const { page } = await openPage(host, { wav: workspace.callerWav });

    await page.getByRole('button', { name: 'Start Call' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not connect to the AI service.' });
    await alert.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('call-error').getAttribute('data-code')).toBe('model_unavailable');
    expect(await page.getByTestId('call-status').getAttribute('data-status')).toBe('error');
    // The call never got to `ready`: the microphone was never opened.
    expect((await pageRecord(page)).tracks).toEqual([]);
    await page.screenshot({ path: join(RESULTS_DIR, 'model-unreachable.png'), fullPage: true });
  });

  it('says that the server has no OpenAI API key configured', async () => {
    const host = await hostWith('no-key', {});
    const { page } = await openPage(host, { wav: workspace.callerWav });
    await page.getByRole('button', { name: 'Start Call' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server has no OpenAI API key configured.' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('call-error').getAttribute('data-code')).toBe('not_configured');
  });
});
