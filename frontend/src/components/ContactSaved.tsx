import type { ContactField } from '../call/callReducer';
import { displayPhone, type Contact } from '../protocol/messages';

interface ContactSavedProps {
  readonly contact: Contact | null;
  readonly event: 'saved' | 'updated' | null;
  readonly changed: readonly ContactField[];
}

const FIELDS: readonly { field: ContactField; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'email', label: 'Email' },
  { field: 'phone', label: 'Phone' },
];

function announcement(event: 'saved' | 'updated' | null, changed: readonly ContactField[]): string {
  if (event === 'saved') {
    return 'Contact saved.';
  }
  if (event === 'updated') {
    return changed.length > 0 ? `Contact updated: ${changed.join(', ')} changed.` : 'Contact updated.';
  }
  return '';
}

/** The saved contact (the seed's ContactSaved); it follows corrections (contact_updated). */
export function ContactSaved({ contact, event, changed }: ContactSavedProps) {
  return (
    <section className="card contact" aria-labelledby="contact-title" data-testid="contact-card">
      <h2 id="contact-title" className="card__title">
        Saved contact
        {event !== null && (
          <span className={`badge badge--${event}`} data-testid="contact-event">
            {event === 'saved' ? 'Saved' : 'Updated'}
          </span>
        )}
      </h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement(event, changed)}
      </p>
      {contact === null ? (
        <p className="muted">Nothing saved yet. The assistant saves your name, email and phone once it has all three.</p>
      ) : (
        <dl className="contact__fields">
          {FIELDS.map(({ field, label }) => (
            <div key={field} className={`contact__row${changed.includes(field) ? ' contact__row--changed' : ''}`}>
              <dt>{label}</dt>
              <dd data-testid={`contact-${field}`}>{field === 'phone' ? displayPhone(contact) : contact[field]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
