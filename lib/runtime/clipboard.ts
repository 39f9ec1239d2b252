// Copy text for the "Copy escalation note" button. The async Clipboard API needs focus and, on some
// helpdesks, a permissions policy allowing it; the textarea + execCommand fallback covers the rest.

export interface ClipboardEnv {
  clipboard?: Pick<Clipboard, 'writeText'>;
  /** Where the fallback textarea may be placed (our shadow root's container). */
  container?: HTMLElement | null;
}

export async function copyText(text: string, env: ClipboardEnv): Promise<boolean> {
  if (env.clipboard) {
    try {
      await env.clipboard.writeText(text);
      return true;
    } catch {
      /* denied or unfocused: try the fallback */
    }
  }
  const container = env.container;
  const doc = container?.ownerDocument;
  if (!container || !doc) return false;
  const ta = doc.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  container.append(ta);
  try {
    ta.select();
    return typeof doc.execCommand === 'function' && doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    ta.remove();
  }
}
