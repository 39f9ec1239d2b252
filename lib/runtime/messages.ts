// Messages from content scripts to the background. Validated on receipt: any page script in the
// extension's content world could be compromised, so only well-formed, short strings pass.

export interface OpenOptionsMessage {
  type: 'open-options';
  prefill: { domain?: string; name?: string };
}

const short = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() && v.length <= 200 ? v.trim() : undefined;

export function parseOpenOptions(msg: unknown): OpenOptionsMessage | null {
  if (!msg || typeof msg !== 'object' || (msg as { type?: unknown }).type !== 'open-options') return null;
  const p = (msg as { prefill?: unknown }).prefill;
  const o = p && typeof p === 'object' ? (p as Record<string, unknown>) : {};
  const prefill: OpenOptionsMessage['prefill'] = {};
  const domain = short(o.domain)?.toLowerCase();
  if (domain && /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain)) prefill.domain = domain;
  const name = short(o.name);
  if (name) prefill.name = name;
  return { type: 'open-options', prefill };
}

/** The options page route that opens the new-contract form: "options.html#new?domain=…&name=…". */
export function optionsPrefillHash(prefill: OpenOptionsMessage['prefill']): string {
  const q = new URLSearchParams();
  if (prefill.domain) q.set('domain', prefill.domain);
  if (prefill.name) q.set('name', prefill.name);
  const s = q.toString();
  return s ? `#new?${s}` : '#new';
}
