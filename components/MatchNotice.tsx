import type { Contract } from '../lib/contracts/model';

export function NoContract({ label, onAdd }: { label: string | null; onAdd: () => void }) {
  return (
    <span class="sla-nocontract" data-testid="sla-no-contract">
      <span>{label ? `No contract for ${label}` : 'No contract found for this requester'}</span>
      <button type="button" class="sla-button" onClick={onAdd} data-testid="sla-add-contract">
        Add contract
      </button>
    </span>
  );
}

export function Ambiguous({ candidates, by, keyText }: { candidates: readonly Contract[]; by: string; keyText: string }) {
  return (
    <div class="sla-ambiguous" data-testid="sla-ambiguous">
      <span>
        <span aria-hidden="true">⚠ </span>
        {candidates.length} contracts match {by} “{keyText}”; fix the contracts so one wins:
      </span>
      <ul class="sla-candidates">
        {candidates.map((c) => (
          <li key={c.id} data-testid="sla-candidate">
            {c.customer.name} · {c.tier} <span class="sla-muted">({c.id})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
