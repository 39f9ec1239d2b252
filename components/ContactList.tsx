import type { Contact } from '../lib/contracts/model';
import { contactLinks } from '../lib/runtime/format';

const KIND_LABEL = { email: 'Email', phone: 'Call', chat: 'Chat' } as const;

/** Contacts with links that passed safeHref(); anything else is plain text. */
export function ContactList({ contacts }: { contacts: readonly Contact[] }) {
  if (!contacts.length) return <p class="sla-muted">No contacts listed.</p>;
  return (
    <ul class="sla-contacts">
      {contacts.map((c, i) => (
        <li key={i} class="sla-contact" data-testid="sla-contact" data-side={c.side ?? 'internal'}>
          <span class="sla-contact-name">{c.name}</span>
          {c.role && <span class="sla-muted"> · {c.role}</span>}
          {c.side === 'customer' && <span class="sla-muted"> · customer</span>}
          {contactLinks(c).map((l) => (
            <span key={l.kind} class="sla-contact-link">
              {' '}
              {l.href ? (
                <a
                  href={l.href}
                  target={l.kind === 'chat' ? '_blank' : undefined}
                  rel="noopener noreferrer"
                  data-testid={`sla-contact-${l.kind}`}
                  title={`${KIND_LABEL[l.kind]} ${c.name}`}
                >
                  {l.text}
                </a>
              ) : (
                <span data-testid={`sla-contact-${l.kind}-text`}>{l.text}</span>
              )}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}
