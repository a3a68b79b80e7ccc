// The page in real Chromium against a STUB OF THE HOST'S CALLER PROTOCOL (e2e/support/hostProtocolStub.ts),
// served by `vite preview` from the production build. This covers what the page does on its side of
// docs/client-protocol.md, including states the real model cannot be made to reach on demand
// (a denied microphone, a barge-in while the AI still speaks). The real host is exercised in call.e2e.ts.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { instrument, launchChromium, pageRecord } from './support/browser';
import { STUB_CONTACT, STUB_GREETING, startHostProtocolStub, type HostProtocolStub, type StubOptions } from './support/hostProtocolStub';
import { startPreview } from './support/previewServer';
import { RESULTS_DIR, useE2eWorkspace } from './support/workspace';

const workspace = useE2eWorkspace('voicecontacts-e2e-');

async function open(
  stubOptions: Partial<StubOptions>,
  microphone: { wav?: string; deny?: boolean },
  viewport = { width: 1100, height: 860 },
): Promise<{ page: Page; stub: HostProtocolStub; browser: Browser }> {
  const stub = await startHostProtocolStub(stubOptions);
  workspace.defer(() => stub.close());
  const site = await startPreview(`http://127.0.0.1:${stub.port}`);
  workspace.defer(() => site.close());
  const browser = await launchChromium(microphone);
  workspace.defer(() => browser.close());
  const page = await browser.newPage({ viewport });
  await instrument(page);
  await page.goto(site.url);
  return { page, stub, browser };
}

describe('the page against the host protocol stub', () => {
  it('holds a call: greeting caption, speech detected, contact shown, End Call releases the microphone', async () => {
    const { page, stub } = await open({}, { wav: workspace.callerWav });

    // The call button is the first stop of the keyboard's Tab order; the call is started with a click, as in
    // call.e2e.ts (a pressed Enter was lost now and then in a cold Chromium, with the page left idle).
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Start Call');
    await page.getByRole('button', { name: 'Start Call' }).click();

    // The greeting reached the page. The caption is transient here (the stub answers the caller's speech within
    // a second or two and the next reply replaces it), so the lasting evidence is the transcript's entry.
    await page.locator('[data-testid="transcript"] li[data-role="assistant"]').filter({ hasText: STUB_GREETING }).waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        // Say what the page did, so a failure here can be diagnosed from the CI log.
        console.error('page record:', JSON.stringify(await pageRecord(page)), 'stub received:', JSON.stringify(stub.received.slice(0, 5)));
        throw error;
      });
    await page.getByTestId('contact-event').waitFor({ timeout: 60_000 });

    expect(await page.getByTestId('contact-name').inputValue()).toBe(STUB_CONTACT.name);
    expect(await page.getByTestId('contact-email').inputValue()).toBe(STUB_CONTACT.email);
    // The stub speaks the protocol as older hosts did (no phoneDisplay): the page shows E.164 as stored.
    expect(await page.getByTestId('contact-phone').inputValue()).toBe(STUB_CONTACT.phone);

    const during = await pageRecord(page);
    expect(during.statuses).toEqual(expect.arrayContaining(['connecting', 'ready', 'speaking', 'listening', 'processing']));
    expect(during.tracks).toEqual([{ kind: 'audio', readyState: 'live' }]);
    expect(during.audioContexts).toEqual(['running']);
    expect(during.sockets).toHaveLength(1);
    expect(during.sockets[0]!.url).toMatch(/\/ws\?audio=binary&inputRate=(44100|48000)&outputRate=(44100|48000)&transcripts=1&responseDone=1$/);
    // Binary PCM16 microphone frames reached the host, and playback positions of the greeting came back.
    expect(stub.binaryFrames()).toBeGreaterThan(20);
    const positions = stub.received
      .filter((m): m is { type: 'playback'; itemId: string; playedMs: number } => (m as { type?: string }).type === 'playback')
      .filter((m) => m.itemId === 'stub_item_1')
      .map((m) => m.playedMs);
    expect(positions.length).toBeGreaterThan(3);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions[positions.length - 1]).toBeGreaterThanOrEqual(1150); // the 1.2 s greeting, played to its end

    await page.screenshot({ path: join(RESULTS_DIR, 'stub-saved-contact.png'), fullPage: true });

    await page.getByRole('button', { name: 'End Call' }).click();
    await page.getByRole('button', { name: 'Start Call' }).waitFor();
    const after = await pageRecord(page);
    expect(after.tracks).toEqual([{ kind: 'audio', readyState: 'ended' }]);
    await expect.poll(async () => (await pageRecord(page)).audioContexts).toEqual(['closed']);
    await expect.poll(async () => (await pageRecord(page)).sockets.map((s) => s.readyState)).toEqual([3]); // CLOSED
    expect(await page.getByTestId('call-status').getAttribute('data-status')).toBe('ended');
    // The saved contact stays on screen after the call, read-only.
    expect(await page.getByTestId('contact-email').inputValue()).toBe(STUB_CONTACT.email);
    expect(await page.getByTestId('contact-email').isDisabled()).toBe(true);
  });

  it('explains a denied microphone and ends the call', async () => {
    const { page } = await open({}, { deny: true });
    await page.getByRole('button', { name: 'Start Call' }).click();
    await page.getByRole('alert').filter({ hasText: 'Microphone access was denied.' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('call-status').getAttribute('data-status')).toBe('error');
    expect((await pageRecord(page)).tracks).toEqual([]);
  });

  it('fits a phone-sized screen without horizontal scrolling', async () => {
    const { page } = await open({}, { wav: workspace.callerWav }, { width: 375, height: 740 });
    await page.getByRole('button', { name: 'Start Call' }).click();
    // The greeting reached the page. The caption is transient here (the stub answers the caller's speech within
    // a second or two and the next reply replaces it), so the lasting evidence is the transcript's entry.
    await page.locator('[data-testid="transcript"] li[data-role="assistant"]').filter({ hasText: STUB_GREETING }).waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const button = await page.getByRole('button', { name: 'End Call' }).boundingBox();
    expect(button?.height ?? 0).toBeGreaterThanOrEqual(44); // a comfortable touch target
    await page.screenshot({ path: join(RESULTS_DIR, 'stub-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'End Call' }).click();
  });

  it('lets the goodbye play out when the assistant ends the call, then shows a clean end, not an error', async () => {
    // The assistant's reply is its goodbye (8 s, so it is surely still playing when the page shows the end), followed
    // at once by the host's close 1000 "completed".
    const { page } = await open({ greetingSeconds: 8, endAfterGreeting: true }, { wav: workspace.callerWav });
    await page.getByRole('button', { name: 'Start Call' }).click();
    await page.locator('[data-testid="call-status"][data-status="ended"]').waitFor({ timeout: 30_000 });

    // The call is over at once (no microphone), but the goodbye is still being played; the audio is released after it.
    const atEnd = await pageRecord(page);
    expect(atEnd.audioContexts).toEqual(['running']);
    expect(atEnd.tracks).toEqual([]);
    expect(await page.getByTestId('call-notice').textContent()).toMatch(/assistant ended the call/i);
    expect(await page.getByTestId('call-error').getAttribute('data-code')).toBe('');
    expect(((await page.getByTestId('call-error').textContent()) ?? '').trim()).toBe('');
    await expect.poll(async () => (await pageRecord(page)).audioContexts, { timeout: 30_000, interval: 200 }).toEqual(['closed']);
    expect(await page.getByRole('button', { name: 'Start Call' }).count()).toBe(1);
  });

  it('cuts the AI off when the caller talks over it and tells the host exactly where (cancel with the played position)', async () => {
    // A long greeting and a slow "model VAD": the caller starts talking 1.5 s into the file, while the AI still speaks.
    const { page, stub } = await open({ greetingSeconds: 10, speechStartFrames: 40 }, { wav: workspace.callerWav });
    await page.getByRole('button', { name: 'Start Call' }).click();
    await expect
      .poll(() => stub.received.some((m) => (m as { type?: string }).type === 'cancel'), { timeout: 30_000, interval: 100 })
      .toBe(true);
    const cancel = stub.received.find((m) => (m as { type?: string }).type === 'cancel') as { itemId: string; playedMs: number };
    expect(cancel.itemId).toBe('stub_item_1');
    expect(cancel.playedMs).toBeGreaterThan(500);
    expect(cancel.playedMs).toBeLessThan(10_000);
    // No playback position after the cut: the queue was flushed at once.
    const positions = stub.received
      .filter((m): m is { type: 'playback'; playedMs: number } => (m as { type?: string }).type === 'playback')
      .map((m) => m.playedMs);
    expect(Math.max(...positions)).toBeLessThanOrEqual(cancel.playedMs);
    const record = await pageRecord(page);
    expect(record.statuses).toContain('speaking');
    await page.getByRole('button', { name: 'End Call' }).click();
  });
});
