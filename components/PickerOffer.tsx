// On a helpdesk the user added but SLA Lens cannot read yet (no built-in adapter, no reading rules):
// a small corner panel that starts the field picker.
interface Props {
  host: string;
  onPick(): void;
  onDismiss(): void;
}

export function PickerOffer({ host, onPick, onDismiss }: Props) {
  return (
    <aside class="slp-offer" role="region" aria-label="SLA Lens" data-testid="slp-offer">
      <p>
        <span class="slp-brand">SLA Lens</span>: no reading rules for this site{host ? ` (${host})` : ''}. Show it where the ticket's
        requester, priority and created time are, and the SLA overlay appears.
      </p>
      <div class="slp-row">
        <button type="button" class="slp-button slp-primary" data-testid="slp-offer-pick" onClick={onPick}>
          Pick fields
        </button>
        <button type="button" class="slp-button" data-testid="slp-offer-dismiss" onClick={onDismiss}>
          Not on this site
        </button>
      </div>
    </aside>
  );
}
