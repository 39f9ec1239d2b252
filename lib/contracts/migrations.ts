// Frozen shapes of the stored contract set, one per storage version, and the steps between them.
// Nothing here imports the live model: these describe data already on users' disks and must not
// change when the model does.

type SeverityV1 = 'sev1' | 'sev2' | 'sev3' | 'sev4';
type KindV1 = 'firstResponse' | 'updateCadence' | 'resolution';
type BasisV1 = 'business' | '24x7';

/**
 * v1 (the first builds): the item held a bare array. Targets were minute numbers and one
 * `hoursBasis` said how all of a contract's targets counted, with Sev 1 around the clock as a flag.
 */
export interface ContractV1 {
  id: string;
  hoursBasis: BasisV1;
  sev1AroundTheClock?: boolean;
  targets: Partial<Record<SeverityV1, Partial<Record<KindV1, number>>>>;
  internalTargets?: Partial<Record<SeverityV1, Partial<Record<KindV1, number>>>>;
  [field: string]: unknown;
}
export type StoredV1 = ContractV1[];

/** v2: each target carries its own basis; the set carries a revision for conflict detection. */
export interface TargetV2 {
  minutes: number;
  basis: BasisV1;
}
export interface ContractV2 {
  id: string;
  targets: Partial<Record<SeverityV1, Partial<Record<KindV1, TargetV2>>>>;
  internalTargets?: Partial<Record<SeverityV1, Partial<Record<KindV1, TargetV2>>>>;
  [field: string]: unknown;
}
export interface StoredV2 {
  contracts: ContractV2[];
  revision: number;
  updatedAt: string | null;
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

function matrixV1toV2(m: unknown, basis: BasisV1, sev1Basis: BasisV1): ContractV2['targets'] | undefined {
  if (!isObj(m)) return undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [sev, kinds] of Object.entries(m)) {
    if (!isObj(kinds)) continue;
    out[sev] = Object.fromEntries(
      Object.entries(kinds).map(([kind, t]) => [kind, typeof t === 'number' ? { minutes: t, basis: sev === 'sev1' ? sev1Basis : basis } : t]),
    );
  }
  return out as ContractV2['targets'];
}

export function migrateV1toV2(old: unknown): StoredV2 {
  // A v2 value whose version mark was lost (written without meta): leave it alone.
  if (isObj(old) && Array.isArray(old.contracts)) return old as unknown as StoredV2;
  if (!Array.isArray(old)) throw new Error('stored contracts (v1) are not a list');
  const contracts = (old as StoredV1).map((c): ContractV2 => {
    if (!isObj(c)) return c;
    const { hoursBasis, sev1AroundTheClock, targets, internalTargets, ...rest } = c;
    const basis: BasisV1 = hoursBasis === '24x7' ? '24x7' : 'business';
    const sev1 = sev1AroundTheClock ? '24x7' : basis;
    const internal = matrixV1toV2(internalTargets, basis, sev1);
    return { ...rest, targets: matrixV1toV2(targets, basis, sev1) ?? {}, ...(internal ? { internalTargets: internal } : {}) };
  });
  return { contracts, revision: 1, updatedAt: null };
}
