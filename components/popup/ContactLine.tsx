// A contact with copy / mailto / tel / chat actions. Hrefs come only from ./links (https, mailto, tel).
import type { Contact } from '../../lib/contracts/model';
import { httpsHref, mailtoHref, telHref } from './links';

export function ContactLine({ contact, label, onCopy }: { contact: Contact; label?: string; onCopy: (text: string, what: string) => void }) {
  const mail = mailtoHref(contact.email);
  const tel = telHref(contact.phone);
  const chat = httpsHref(contact.chat);
  const who = [contact.name, contact.role].filter(Boolean).join(', ');
  return (
    <li class="contact">
      <div class="who">
        {label && <span class="label">{label}</span>}
        <b>{contact.name}</b>
        {contact.role && <span class="muted"> · {contact.role}</span>}
        {contact.side === 'customer' && <span class="badge info">customer</span>}
      </div>
      <div class="how">
        {mail && (
          <>
            <a href={mail} title={`Email ${who}`}>{contact.email}</a>
            <button type="button" class="icon-btn copy" aria-label={`Copy email of ${contact.name}`} title="Copy" onClick={() => onCopy(contact.email!, 'Email')}>⧉</button>
          </>
        )}
        {tel && (
          <>
            <a href={tel} title={`Call ${who}`}>{contact.phone}</a>
            <button type="button" class="icon-btn copy" aria-label={`Copy phone number of ${contact.name}`} title="Copy" onClick={() => onCopy(contact.phone!, 'Phone number')}>⧉</button>
          </>
        )}
        {chat && (
          <a href={chat} target="_blank" rel="noopener noreferrer">Chat</a>
        )}
      </div>
    </li>
  );
}
