import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { AdminApi, AdminApiError, tokenStore, type AdminContact, type ContactDetail, type Page } from './api';
import { PageStack, formatDuration, formatTime } from './format';

const PAGE_SIZES = [10, 25, 50, 100];

/** The operator's console: sign in with the admin token, then search, page, open, export and erase contacts. */
export function AdminApp() {
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const api = useMemo(() => (token ? new AdminApi(token) : null), [token]);
  const signOut = useCallback(() => {
    tokenStore.clear();
    setToken(null);
  }, []);
  if (!api) {
    return <SignIn onSignedIn={setToken} />;
  }
  return <Console api={api} onSignOut={signOut} />;
}

function SignIn({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // A one-contact request proves the token before it is kept.
      await new AdminApi(value.trim()).listContacts('', null, 1);
      tokenStore.set(value.trim());
      onSignedIn(value.trim());
    } catch (e) {
      setError(e instanceof AdminApiError ? e.message : 'The host could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="admin admin-signin">
      <h1>VoiceContacts admin</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor="admin-token">Admin token</label>
        <input id="admin-token" type="password" autoComplete="current-password" value={value} onChange={(e) => setValue(e.target.value)} required />
        <button type="submit" disabled={busy || value.trim() === ''}>
          Sign in
        </button>
        <p className="admin-note">The token is kept for this tab only.</p>
        {error && (
          <p role="alert" data-testid="signin-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

function Console({ api, onSignOut }: { api: AdminApi; onSignOut: () => void }) {
  const [query, setQuery] = useState('');
  const [appliedQuery, setAppliedQuery] = useState('');
  const [pageSize, setPageSize] = useState(25);
  const [pages, setPages] = useState(() => new PageStack());
  const [page, setPage] = useState<Page<AdminContact> | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof AdminApiError && e.isUnauthorized) {
        onSignOut();
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [onSignOut],
  );

  // Search as the operator types, a moment after the last key. Only a changed query goes back to page 1: a timer
  // armed at mount would otherwise reset the pages the operator moved to in the meantime.
  useEffect(() => {
    if (query === appliedQuery) {
      return undefined;
    }
    const timer = setTimeout(() => {
      setAppliedQuery(query);
      setPages(new PageStack());
    }, 250);
    return () => clearTimeout(timer);
  }, [query, appliedQuery]);

  useEffect(() => {
    let current = true;
    api
      .listContacts(appliedQuery, pages.current, pageSize)
      .then((result) => current && (setPage(result), setError(null)))
      .catch((e: unknown) => current && fail(e));
    return () => {
      current = false;
    };
  }, [api, appliedQuery, pages, pageSize, reload, fail]);

  const exportCsv = async () => {
    try {
      const blob = await api.exportCsv();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'contacts.csv';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <main className="admin">
      <header className="admin-header">
        <h1>Contacts</h1>
        <div className="admin-actions">
          <button type="button" onClick={exportCsv}>
            Export CSV
          </button>
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <div className="admin-toolbar">
        <input
          type="search"
          aria-label="Search contacts"
          placeholder="Search by name, email or phone"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label>
          Per page{' '}
          <select
            aria-label="Contacts per page"
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
              setPages(new PageStack());
            }}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" data-testid="admin-error">
          {error}
        </p>
      )}
      <div className="admin-body">
        <section aria-label="Contact list">
          <table data-testid="contacts-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Phone</th>
                <th>Saved</th>
              </tr>
            </thead>
            <tbody>
              {page?.items.map((c) => (
                <tr key={c.id} data-contact-id={c.id} aria-selected={selected === c.id} onClick={() => setSelected(c.id)}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(c.id)}>
                      {c.name}
                    </button>
                  </td>
                  <td>{c.email}</td>
                  <td>{c.phoneDisplay ?? c.phone}</td>
                  <td>{formatTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page && page.items.length === 0 && <p data-testid="no-contacts">No contacts match.</p>}
          <nav className="admin-pager" aria-label="Pages">
            <button type="button" disabled={!pages.hasPrevious} onClick={() => setPages(pages.previous())}>
              Previous
            </button>
            <span data-testid="page-number">Page {pages.pageNumber}</span>
            <button type="button" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setPages(pages.next(page.nextCursor))}>
              Next
            </button>
          </nav>
        </section>
        {selected && (
          <ContactPanel
            key={selected}
            api={api}
            id={selected}
            onClose={() => setSelected(null)}
            onDeleted={() => {
              setSelected(null);
              setReload((n) => n + 1);
            }}
            onError={fail}
          />
        )}
      </div>
    </main>
  );
}

function ContactPanel(props: { api: AdminApi; id: string; onClose: () => void; onDeleted: () => void; onError: (e: unknown) => void }) {
  const { api, id, onClose, onDeleted, onError } = props;
  const [detail, setDetail] = useState<ContactDetail | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .getContact(id)
      .then((result) => current && setDetail(result))
      .catch((e: unknown) => current && onError(e));
    return () => {
      current = false;
    };
  }, [api, id, onError]);

  const erase = async () => {
    setDeleting(true);
    try {
      await api.deleteContact(id);
      onDeleted();
    } catch (e) {
      onError(e);
      setDeleting(false);
    }
  };

  const contact = detail?.contact;
  const calls = useMemo(() => detail?.calls ?? [], [detail]);
  return (
    <aside className="admin-panel" aria-label="Contact detail" data-testid="contact-detail">
      <div className="admin-panel-header">
        <h2>{contact?.name ?? 'Loading…'}</h2>
        <button type="button" className="secondary" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {contact && (
        <>
          <dl>
            <dt>Email</dt>
            <dd data-testid="detail-email">{contact.email}</dd>
            <dt>Phone</dt>
            <dd data-testid="detail-phone">
              {contact.phoneDisplay ?? `${contact.phone}${contact.phoneExtension ? ` ext. ${contact.phoneExtension}` : ''}`}
            </dd>
            <dt>Saved</dt>
            <dd>{formatTime(contact.createdAt)}</dd>
            <dt>Changed</dt>
            <dd>{formatTime(contact.updatedAt)}</dd>
          </dl>
          <h3>History</h3>
          <ol data-testid="history">
            {detail.history.map((h, i) => (
              <li key={i} data-field={h.field}>
                <strong>{h.field}</strong>: {h.oldValue === null ? 'set to' : `${h.oldValue} →`} {h.newValue}
                <small>
                  {' '}
                  {formatTime(h.changedAt)}
                  {h.callId ? `, call ${h.callId}` : ''}
                </small>
              </li>
            ))}
          </ol>
          <h3>Calls</h3>
          {calls.length === 0 && <p>No call records.</p>}
          <ul data-testid="calls">
            {calls.map((c) => (
              <li key={c.callId} data-call-id={c.callId}>
                <div>
                  {formatTime(c.startedAt)} · {formatDuration(c.durationSeconds)} · {c.endReason} · {c.transport}
                </div>
                <div data-testid="call-tokens">
                  {c.inputTokens} tokens in, {c.outputTokens} tokens out
                </div>
                {c.transcript && c.transcript.length > 0 && (
                  <details>
                    <summary>Transcript</summary>
                    <ol>
                      {c.transcript.map((line, i) => (
                        <li key={i}>
                          <strong>{line.role}</strong>: {line.text}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </li>
            ))}
          </ul>
          {!confirming ? (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete contact
            </button>
          ) : (
            <div role="alertdialog" aria-label="Confirm deletion" className="admin-confirm">
              <p>
                Erase {contact.name}? This deletes the contact, its history and its call transcripts. It cannot be undone.
              </p>
              <button type="button" className="danger" disabled={deleting} onClick={erase}>
                Erase contact
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
    </aside>
  );
}
