// The background's message protocol (runtime.sendMessage). Overlay → background: watch updates and
// pins; popup / options → background: the watch list, feed configuration and status, the managed
// policy status. Everything is validated on receipt: a content script runs beside page code, so only
// well-formed, bounded values pass, and configuration changes are accepted from extension pages only.
import * as v from 'valibot';
import { SEVERITIES, TARGET_KINDS } from '../contracts/model';
import type { EffectiveContracts, ManagedConfig } from '../managed';
import type { FeedState } from '../feed';
import type { WatchedTicket, WatchUpdate } from '../watch/types';
import type { BadgeState, WatchListItem } from '../watch/schedule';

export type BackgroundRequest =
  | { type: 'watch:update'; ticket: WatchUpdate }
  | { type: 'watch:pin'; key: string }
  | { type: 'watch:unpin'; key: string }
  | { type: 'watch:forget'; key: string }
  | { type: 'watch:get'; key: string }
  | { type: 'watch:list' }
  | { type: 'feed:status' }
  | { type: 'feed:refresh' }
  | { type: 'feed:configure'; url: string | null; refreshMinutes?: number }
  | { type: 'managed:status' }
  | { type: 'log:clear' };

export type RequestType = BackgroundRequest['type'];

/** Only extension pages (popup, options) may send these. */
export const PRIVILEGED: ReadonlySet<RequestType> = new Set(['watch:forget', 'feed:refresh', 'feed:configure', 'log:clear']);

export interface FeedStatusReply {
  state: FeedState;
  /** The URL in use: the managed one when the policy sets it, else the agent's. */
  effectiveUrl: string | null;
  /** The URL is fixed by policy (the options page shows it read-only). */
  managedUrl: boolean;
  /** Whether the optional host permission for the feed is granted (null = no feed / unknown). */
  permission: boolean | null;
}

export interface ResponseMap {
  'watch:update': { ok: true; key: string; pinned: boolean };
  'watch:pin': { ok: true; pinned: boolean };
  'watch:unpin': { ok: true; pinned: boolean };
  'watch:forget': { ok: true };
  'watch:get': { ok: true; ticket: WatchedTicket | null };
  'watch:list': { ok: true; items: WatchListItem[]; badge: BadgeState };
  'feed:status': { ok: true } & FeedStatusReply;
  'feed:refresh': { ok: true } & FeedStatusReply;
  'feed:configure': { ok: true } & FeedStatusReply;
  'managed:status': { ok: true; managed: ManagedConfig; conflicts: EffectiveContracts['conflicts'] };
  'log:clear': { ok: true; removed: number };
}

export type Failure = { ok: false; error: string };
export type BackgroundResponse<T extends RequestType> = ResponseMap[T] | Failure;

// ---- validation ----
const Iso = v.pipe(v.string(), v.maxLength(40), v.check((s) => Number.isFinite(Date.parse(s)), 'must be an ISO date-time'));
const Text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const State = v.picklist(['running', 'atRisk', 'breached', 'paused', 'met', 'missed']);
const Minutes = v.pipe(v.number(), v.check((n) => Number.isFinite(n) && Math.abs(n) < 1e8, 'must be a finite number'));

const Target = v.object({
  minutes: Minutes,
  basis: v.picklist(['business', '24x7']),
  state: State,
  dueAt: v.nullable(Iso),
  warnAt: v.nullable(Iso),
  minutesLeft: Minutes,
  stoppedAt: v.optional(Iso),
});

const Clock = v.object({
  kind: v.picklist(TARGET_KINDS),
  startedAt: Iso,
  contractual: Target,
  internal: v.optional(Target),
});

const Update = v.object({
  helpdesk: v.pipe(Text(40), v.regex(/^[a-z0-9-]+$/)),
  ticketId: Text(100),
  url: v.pipe(Text(2000), v.check((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL')),
  subject: v.optional(v.pipe(v.string(), v.maxLength(300))),
  customer: Text(200),
  contractId: Text(64),
  severity: v.nullable(v.picklist(SEVERITIES)),
  status: v.optional(v.pipe(v.string(), v.maxLength(80))),
  resolved: v.boolean(),
  computedAt: Iso,
  warnPercent: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(99)),
  clocks: v.pipe(
    v.array(Clock),
    v.maxLength(TARGET_KINDS.length),
    v.check((a) => new Set(a.map((c) => c.kind)).size === a.length, 'one clock per kind'),
  ),
});

const Key = v.object({ key: Text(300) });

const Request = v.variant('type', [
  v.object({ type: v.literal('watch:update'), ticket: Update }),
  v.object({ type: v.literal('watch:pin'), ...Key.entries }),
  v.object({ type: v.literal('watch:unpin'), ...Key.entries }),
  v.object({ type: v.literal('watch:forget'), ...Key.entries }),
  v.object({ type: v.literal('watch:get'), ...Key.entries }),
  v.object({ type: v.literal('watch:list') }),
  v.object({ type: v.literal('feed:status') }),
  v.object({ type: v.literal('feed:refresh') }),
  v.object({ type: v.literal('feed:configure'), url: v.nullable(Text(2000)), refreshMinutes: v.optional(v.number()) }),
  v.object({ type: v.literal('managed:status') }),
  v.object({ type: v.literal('log:clear') }),
]);

const OURS = /^(watch|feed|managed|log):/;

/** Whether a message is addressed to this module (other listeners handle the rest). */
export const isBackgroundRequestType = (msg: unknown): boolean =>
  !!msg && typeof msg === 'object' && typeof (msg as { type?: unknown }).type === 'string' && OURS.test((msg as { type: string }).type);

/** The request, or an error message for a malformed one. Unknown extra fields are dropped. */
export function parseBackgroundRequest(msg: unknown): { ok: true; request: BackgroundRequest } | Failure {
  const r = v.safeParse(Request, msg);
  if (r.success) return { ok: true, request: r.output as BackgroundRequest };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, error: `Malformed ${String((msg as { type?: unknown })?.type ?? 'message')}: ${path ? `${path}: ` : ''}${issue.message}` };
}

/** Typed send: `ask(browser.runtime.sendMessage, {type: 'watch:list'})`. Rejections become failures. */
export async function ask<T extends BackgroundRequest>(send: (msg: unknown) => Promise<unknown>, msg: T): Promise<BackgroundResponse<T['type']>> {
  try {
    const r = (await send(msg)) as BackgroundResponse<T['type']> | undefined;
    return r ?? { ok: false, error: 'The background did not answer.' };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
