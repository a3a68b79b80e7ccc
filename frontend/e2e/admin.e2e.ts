// The operator's console (/admin) in Debian's Chromium against the real host: SQLite, the FakeRealtimeServer in place of
// OpenAI, 30 numbered contacts seeded by the host's test mode, and one contact saved by a real call over /ws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { launchChromium } from './support/browser';
import { FRONTEND_DIR, startHost, type RunningHost } from './support/host';
import { RESULTS_DIR, useE2eWorkspace } from './support/workspace';

const ADMIN_TOKEN = 'e2e-admin-token';
const workspace = useE2eWorkspace('voicecontacts-e2e-admin-');

/** One call like a caller's: ready, a second of voice-like tone then silence, until the fake model saves Ada. */
async function callThatSavesAda(host: RunningHost): Promise<void> {
  const socket = new WebSocket(`${host.url.replace('http://', 'ws://')}/ws?audio=binary&inputRate=24000&outputRate=24000`);
  const messages: string[] = [];
  const waitFor = (type: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => messages.some((m) => (JSON.parse(m) as { type: string }).type === type) && resolve();
      socket.on('message', (data, isBinary) => {
        if (!isBinary) {
          messages.push(String(data));
          check();
        }
      });
      socket.on('close', () => reject(new Error(`the call closed before ${type}: ${messages.join(' ')}`)));
      check();
    });
  await waitFor('ready');
  const rate = 24000;
  const frame = rate / 20; // 50 ms
  for (let i = 0; i < 54; i++) {
    const pcm = Buffer.alloc(frame * 2);
    if (i < 24) {
      for (let s = 0; s < frame; s++) {
        pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 220 * (i * frame + s)) / rate) * 9000), s * 2);
      }
    }
    socket.send(pcm);
  }
  await waitFor('contact_saved');
  socket.close(1000);
}

async function waitForCallRecord(host: RunningHost): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await fetch(`${host.url}/api/calls`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
        const page = (await response.json()) as { items: { contactId: string | null }[] };
        return page.items.filter((c) => c.contactId !== null).length;
      },
      { timeout: 30_000 },
    )
    .toBe(1);
}

async function rowNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="contacts-table"] tbody tr td:first-child').allTextContents();
}

describe('the admin console', () => {
  it('signs in, searches, pages, shows history and calls, exports and erases a contact', async () => {
    const host = await startHost(
      {
        ConnectionStrings__Contacts: `Data Source=${join(workspace.dir, 'admin.db')}`,
        VoiceContacts__FrontendPath: join(FRONTEND_DIR, 'dist'),
        VoiceContacts__FakeRealtime__Enabled: 'true',
        VoiceContacts__FakeRealtime__SeedContacts: '30',
        VoiceContacts__AdminToken: ADMIN_TOKEN,
      },
      join(RESULTS_DIR, 'host-admin.log'),
    );
    workspace.defer(() => host.stop());
    await callThatSavesAda(host);
    await waitForCallRecord(host);

    const browser = await launchChromium();
    workspace.defer(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${host.url}/admin`);

    // Sign-in: a wrong token is refused, the right one opens the console.
    await page.getByLabel('Admin token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signin-error').filter({ hasText: 'not accepted' }).waitFor();
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Newest first: Ada (saved by the call), then the seeded contacts; 25 a page, 31 in all.
    await expect.poll(() => rowNames(page)).toHaveLength(25);
    expect((await rowNames(page))[0]).toBe('Ada Lovelace');
    expect((await rowNames(page))[1]).toBe('Seed Person 030');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => rowNames(page)).toEqual(['Seed Person 006', 'Seed Person 005', 'Seed Person 004', 'Seed Person 003', 'Seed Person 002', 'Seed Person 001']);
    expect(await page.getByTestId('page-number').textContent()).toBe('Page 2');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(async () => (await rowNames(page))[0]).toBe('Ada Lovelace');

    // Search: by name prefix, by phone digits.
    await page.getByLabel('Search contacts').fill('seed person 01');
    await expect.poll(() => rowNames(page)).toEqual([
      'Seed Person 019', 'Seed Person 018', 'Seed Person 017', 'Seed Person 016', 'Seed Person 015',
      'Seed Person 014', 'Seed Person 013', 'Seed Person 012', 'Seed Person 011', 'Seed Person 010',
    ]);
    await page.getByLabel('Search contacts').fill('(415) 234');
    await expect.poll(() => rowNames(page)).toEqual(['Ada Lovelace']);

    // The detail panel: every field as the call set it, and the call with its tokens.
    await page.getByRole('button', { name: 'Ada Lovelace' }).click();
    const detail = page.getByTestId('contact-detail');
    await detail.getByTestId('detail-email').filter({ hasText: 'ada@example.com' }).waitFor();
    expect(await detail.getByTestId('detail-phone').textContent()).toBe('+1 415-234-5678');
    expect(await detail.locator('[data-testid="history"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-field')))).toEqual([
      'name',
      'email',
      'phone',
    ]);
    await expect.poll(() => detail.locator('[data-testid="calls"] li').count()).toBe(1);
    expect(await detail.getByTestId('call-tokens').textContent()).toMatch(/^[1-9]\d* tokens in, [1-9]\d* tokens out$/);
    await page.screenshot({ path: join(RESULTS_DIR, 'admin-detail.png'), fullPage: true });

    // Export: the browser saves the CSV; its rows are the contacts, the phone escaped against formulas.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('contacts.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('id,name,email,phone,phone_extension,created_at,updated_at,call_id');
    expect(csv).toHaveLength(1 + 31 + 1);
    expect(csv[1]).toMatch(/^[0-9a-f]{32},Ada Lovelace,ada@example\.com,'\+14152345678,,/);

    // Erasure, after a confirmation; Cancel keeps the contact.
    await detail.getByRole('button', { name: 'Delete contact' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await detail.getByRole('button', { name: 'Delete contact' }).click();
    const id = await page.locator('[data-testid="contacts-table"] tbody tr').first().getAttribute('data-contact-id');
    await page.getByRole('alertdialog', { name: 'Confirm deletion' }).getByRole('button', { name: 'Erase contact' }).click();
    await page.getByTestId('no-contacts').waitFor();
    await page.getByTestId('contact-detail').waitFor({ state: 'detached' });
    const gone = await fetch(`${host.url}/api/contacts/${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(gone.status).toBe(404);

    // The token lives for this tab: a reload keeps the console, a new tab (context) asks again.
    await page.reload();
    await page.getByLabel('Search contacts').waitFor();
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${host.url}/admin`);
    await otherPage.getByLabel('Admin token').waitFor();
    await other.close();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
