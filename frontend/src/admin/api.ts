// The host's admin API (docs/configuration.md, "Admin API"): every call carries the operator's Bearer token.

export interface AdminContact {
  id: string;
  name: string;
  email: string;
  phone: string;
  phoneExtension: string | null;
  /** The phone in international format for people (+1 415-555-2671, with " ext. 12"); `phone` stays E.164. */
  phoneDisplay?: string;
  createdAt: string;
  updatedAt: string;
  callId: string;
}

export interface ContactChange {
  field: string;
  oldValue: string | null;
  newValue: string;
  callId: string | null;
  changedAt: string;
}

export interface TranscriptLine {
  role: string;
  text: string;
  at: string;
}

export interface CallRecord {
  callId: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  endReason: string;
  transport: string;
  inputTokens: number;
  outputTokens: number;
  contactId: string | null;
  transcript: TranscriptLine[] | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ContactDetail {
  contact: AdminContact;
  history: ContactChange[];
  calls: CallRecord[];
}

/** A failed request: the HTTP status and the host's problem detail (or a generic message). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

export function contactsUrl(query: string, cursor: string | null, limit: number): string {
  const params = new URLSearchParams();
  if (query.trim() !== '') {
    params.set('query', query.trim());
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  params.set('limit', String(limit));
  return `/api/contacts?${params.toString()}`;
}

export class AdminApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  listContacts(query: string, cursor: string | null, limit: number): Promise<Page<AdminContact>> {
    return this.json(contactsUrl(query, cursor, limit));
  }

  getContact(id: string): Promise<ContactDetail> {
    return this.json(`/api/contacts/${encodeURIComponent(id)}`);
  }

  async deleteContact(id: string): Promise<void> {
    await this.send(`/api/contacts/${encodeURIComponent(id)}`, 'DELETE');
  }

  /** The CSV export as a file (the host streams it; the browser saves it). */
  async exportCsv(): Promise<Blob> {
    return (await this.send('/api/contacts/export.csv', 'GET')).blob();
  }

  private async json<T>(url: string): Promise<T> {
    return (await (await this.send(url, 'GET')).json()) as T;
  }

  private async send(url: string, method: string): Promise<Response> {
    const response = await this.fetchImpl(url, { method, headers: { Authorization: `Bearer ${this.token}` } });
    if (!response.ok) {
      throw new AdminApiError(response.status, await problemMessage(response));
    }
    return response;
  }
}

async function problemMessage(response: Response): Promise<string> {
  if (response.status === 401) {
    return 'The admin token was not accepted.';
  }
  try {
    const problem = (await response.json()) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === 'string') {
      return problem.detail;
    }
  } catch {
    // Not a problem document.
  }
  return `The host answered ${response.status}.`;
}

const TOKEN_KEY = 'voicecontacts.adminToken';

/** The token lives for this tab only (sessionStorage): closing the tab signs out, and no other tab sees it. */
export const tokenStore = {
  get: (storage: Storage = sessionStorage): string | null => storage.getItem(TOKEN_KEY),
  set: (token: string, storage: Storage = sessionStorage): void => storage.setItem(TOKEN_KEY, token),
  clear: (storage: Storage = sessionStorage): void => storage.removeItem(TOKEN_KEY),
};
