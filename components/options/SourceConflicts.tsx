// Above the contract list: what merging policy, feed and local contracts decided (lib/managed
// mergeContractSources), so nothing is hidden from the agent silently.
import type { Contract } from '../../lib/contracts/model';
import type { ContractSource, EffectiveContracts, SourceConflict } from '../../lib/managed';

const SOURCE: Record<ContractSource, string> = { managed: 'the policy', feed: 'the team feed', local: 'your local contracts' };

export function SourceConflicts({ effective, local, onDeleteLocal }: {
  effective: EffectiveContracts;
  local: readonly Contract[];
  onDeleteLocal: (id: string) => void;
}) {
  if (!effective.conflicts.length) return null;
  const names = new Map<string, string>();
  for (const c of [...local, ...effective.contracts]) if (!names.has(c.id)) names.set(c.id, c.customer.name);
  const name = (id: string) => names.get(id) ?? id;
  const localIds = new Set(local.map((c) => c.id));
  return (
    <details class="banner warn conflicts">
      <summary>
        {effective.conflicts.length === 1 ? '1 conflict' : `${effective.conflicts.length} conflicts`} between policy, feed and local contracts: the higher source wins.
      </summary>
      <ul>
        {effective.conflicts.map((c, i) => (
          <li key={i}>
            <ConflictText conflict={c} name={name} />
            {c.kind === 'id' && c.dropped.source === 'local' && localIds.has(c.value) && (
              <> <button type="button" class="btn small" onClick={() => onDeleteLocal(c.value)}>Delete local copy</button></>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

function ConflictText({ conflict: c, name }: { conflict: SourceConflict; name: (id: string) => string }) {
  if (c.kind === 'id') {
    return (
      <>
        “{name(c.dropped.id)}” from {SOURCE[c.dropped.source]} is hidden: {SOURCE[c.kept.source]} has a contract with the id <code>{c.value}</code>.
      </>
    );
  }
  const what = c.kind === 'domain' ? 'Email domain' : 'Helpdesk organisation id';
  return (
    <>
      {what} <code>{c.value}</code> is ignored on “{name(c.dropped.id)}” ({SOURCE[c.dropped.source]}): “{name(c.kept.id)}” from {SOURCE[c.kept.source]} claims it.
    </>
  );
}
