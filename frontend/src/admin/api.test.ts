import { describe, expect, it } from 'vitest';
import { AdminApi, AdminApiError, contactsUrl, tokenStore } from './api';

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit }[] = []): typeof fetch {
  return (async (url: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(url), init });
    const text = status === 204 ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

describe('contactsUrl', () => {
  it('sends the trimmed query, the cursor and the limit, escaped', () => {
    expect(contactsUrl('  ada l+ ', 'abc_-1', 25)).toBe('/api/contacts?query=ada+l%2B&cursor=abc_-1&limit=25');
  });

  it('leaves out an empty query and a missing cursor', () => {
    expect(contactsUrl('   ', null, 10)).toBe('/api/contacts?limit=10');
  });
});

describe('AdminApi', () => {
  it('sends the token as a Bearer header', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const page = await new AdminApi('t0k', fakeFetch(200, { items: [], nextCursor: null }, seen)).listContacts('', null, 5);
    expect(page).toEqual({ items: [], nextCursor: null });
    expect(seen[0]?.url).toBe('/api/contacts?limit=5');
    expect((seen[0]?.init?.headers as Record<string, string>).Authorization).toBe('Bearer t0k');
  });

  it('turns a 401 into an unauthorized error', async () => {
    const error = await new AdminApi('bad', fakeFetch(401, '')).getContact('c1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).isUnauthorized).toBe(true);
    expect((error as AdminApiError).message).toBe('The admin token was not accepted.');
  });

  it("shows the host's problem detail", async () => {
    const error = await new AdminApi('t', fakeFetch(400, { title: 'Invalid limit', detail: 'limit must be a whole number from 1 to 1000.' }))
      .listContacts('', null, 0)
      .catch((e: unknown) => e);
    expect((error as AdminApiError).message).toBe('limit must be a whole number from 1 to 1000.');
    expect((error as AdminApiError).status).toBe(400);
  });

  it('deletes by escaped id with DELETE', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    await new AdminApi('t', fakeFetch(204, '', seen)).deleteContact('a/b c');
    expect(seen[0]?.url).toBe('/api/contacts/a%2Fb%20c');
    expect(seen[0]?.init?.method).toBe('DELETE');
  });
});

describe('tokenStore', () => {
  it('keeps the token in the given storage until cleared', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    } as unknown as Storage;
    tokenStore.set('abc', storage);
    expect(tokenStore.get(storage)).toBe('abc');
    tokenStore.clear(storage);
    expect(tokenStore.get(storage)).toBeNull();
  });
});
