import type { Clock } from '../lib/sla/types';
import { CLOCK_LABEL, STATE_WORD, clockText, clockWhen, internalText, type TimeOpts } from '../lib/runtime/format';

/** Glyphs so the state never depends on colour alone (the state word is shown too). */
export const STATE_ICON = {
  running: '◷',
  atRisk: '⚠',
  breached: '✖',
  paused: '⏸',
  met: '✔',
  missed: '✖',
} as const;

export function SlaClock({ clock, now, time }: { clock: Clock; now: Date; time: TimeOpts }) {
  const c = clock.contractual;
  const state = clock.paused && c.state !== 'met' && c.state !== 'missed' ? 'paused' : c.state;
  const main = clockText(c, clock.paused);
  const when = clockWhen(clock, now, time);
  const label = CLOCK_LABEL[clock.kind];
  return (
    <li class="sla-clock" data-testid={`sla-clock-${clock.kind}`} data-kind={clock.kind} data-state={state}>
      <span class="sla-clock-icon" aria-hidden="true">
        {STATE_ICON[state]}
      </span>
      <span class="sla-clock-label">{label}</span>
      {/* Every other state says itself in the time text ("overdue by", "paused ·", "met", "missed by"). */}
      {state === 'atRisk' && <span class="sla-clock-state">{STATE_WORD[state]}</span>}
      <span class="sla-clock-left" data-testid="sla-clock-left">
        {main}
      </span>
      {when && (
        <span class="sla-clock-due" data-testid="sla-clock-due" title={c.dueAt ? c.dueAt.toISOString() : undefined}>
          {when}
        </span>
      )}
      {clock.internal && (
        <span class="sla-clock-internal" data-testid="sla-clock-internal" data-state={clock.internal.state}>
          {internalText(clock.internal)}
        </span>
      )}
    </li>
  );
}
