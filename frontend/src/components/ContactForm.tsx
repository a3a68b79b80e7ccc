import { useState, type FormEvent } from 'react';
import type { ContactFields, FieldState } from '../call/callReducer';
import { CONTACT_FIELDS, type ContactField } from '../protocol/messages';

interface ContactFormProps {
  /** The live form: what the assistant heard, what the caller typed, what is saved. */
  readonly fields: ContactFields;
  readonly event: 'saved' | 'updated' | null;
  readonly changed: readonly ContactField[];
  /** A call is open: typed fields can be sent. */
  readonly active: boolean;
  /** Sends a typed field to the host; false when it could not be sent. */
  readonly onEdit: (field: ContactField, value: string) => boolean;
}

const LABELS: Readonly<Record<ContactField, string>> = { name: 'Name', email: 'Email', phone: 'Phone' };

const INPUTS: Readonly<Record<ContactField, { type: string; inputMode: 'text' | 'email' | 'tel'; autoComplete: string }>> = {
  name: { type: 'text', inputMode: 'text', autoComplete: 'name' },
  email: { type: 'text', inputMode: 'email', autoComplete: 'email' },
  phone: { type: 'tel', inputMode: 'tel', autoComplete: 'tel' },
};

function announcement(event: 'saved' | 'updated' | null, changed: readonly ContactField[]): string {
  if (event === 'saved') {
    return 'Contact saved.';
  }
  if (event === 'updated') {
    return changed.length > 0 ? `Contact updated: ${changed.join(', ')} changed.` : 'Contact updated.';
  }
  return '';
}

/** What to say under a field: why it was refused, or where its value came from. */
export function fieldNote(field: ContactField, state: FieldState): string {
  if (state.pending) {
    return 'Checking…';
  }
  if (state.valid === false) {
    return `${LABELS[field]} ${state.reason ?? 'was not accepted.'}`;
  }
  switch (state.source) {
    case 'spoken':
      return 'Heard by the assistant.';
    case 'typed':
      return 'Typed by you.';
    case 'saved':
      return 'Saved.';
    default:
      return '';
  }
}

/**
 * The caller's details as a form that fills in live as the assistant hears each one; any field can be clicked and typed
 * (sent on Enter, on leaving the field, or with the button), so the whole form can be completed without speaking.
 */
export function ContactForm({ fields, event, changed, active, onEdit }: ContactFormProps) {
  // What the caller is typing, per field, until it is sent.
  const [drafts, setDrafts] = useState<Partial<Record<ContactField, string>>>({});

  const commit = (field: ContactField) => {
    const draft = drafts[field];
    if (draft === undefined) {
      return;
    }
    // An empty field or an unchanged value is not sent; what could not be sent (not connected yet) stays in the field.
    const unchanged = draft.trim() === '' || draft === fields[field].value;
    if (unchanged || onEdit(field, draft)) {
      setDrafts((d) => {
        const rest = { ...d };
        delete rest[field];
        return rest;
      });
    }
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    CONTACT_FIELDS.forEach(commit);
  };

  return (
    <section className="card contact" aria-labelledby="contact-title" data-testid="contact-card">
      <h2 id="contact-title" className="card__title">
        Your details
        {event !== null && (
          <span className={`badge badge--${event}`} data-testid="contact-event">
            {event === 'saved' ? 'Saved' : 'Updated'}
          </span>
        )}
      </h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement(event, changed)}
      </p>
      <p className="muted contact__hint" id="contact-hint">
        {active
          ? 'These fill in as you speak. Click a field to type or correct it, then press Enter.'
          : 'Start a call, then say or type your name, email and phone.'}
      </p>
      <form className="contact__form" onSubmit={onSubmit} noValidate aria-describedby="contact-hint">
        {CONTACT_FIELDS.map((field) => {
          const state = fields[field];
          const note = fieldNote(field, state);
          const invalid = state.valid === false && drafts[field] === undefined;
          const classes = ['contact__field'];
          if (invalid) classes.push('contact__field--invalid');
          if (changed.includes(field)) classes.push('contact__field--changed');
          return (
            <div key={field} className={classes.join(' ')} data-state={state.pending ? 'pending' : state.valid === null ? 'empty' : state.valid ? 'valid' : 'invalid'}>
              <label htmlFor={`contact-${field}-input`}>{LABELS[field]}</label>
              <input
                id={`contact-${field}-input`}
                name={field}
                data-testid={`contact-${field}`}
                {...INPUTS[field]}
                spellCheck={false}
                value={drafts[field] ?? state.value}
                disabled={!active}
                aria-invalid={invalid}
                aria-describedby={`contact-${field}-note`}
                onChange={(e) => {
                  const value = e.target.value;
                  setDrafts((d) => ({ ...d, [field]: value }));
                }}
                onBlur={() => commit(field)}
              />
              <p id={`contact-${field}-note`} className="contact__note" data-testid={`contact-${field}-note`} aria-live="polite">
                {note}
              </p>
            </div>
          );
        })}
        <button type="submit" className="button button--secondary" disabled={!active}>
          Send typed details
        </button>
      </form>
    </section>
  );
}
