// Contact links built from contract data: only mailto:, tel: and https: ever reach an href.

export function mailtoHref(email: string | undefined): string | null {
  const e = email?.trim();
  if (!e || !/^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/.test(e)) return null;
  return `mailto:${e}`;
}

export function telHref(phone: string | undefined): string | null {
  const p = phone?.trim();
  if (!p) return null;
  const ext = /(?:x|ext\.?)\s*(\d{1,6})$/i.exec(p);
  const main = (ext ? p.slice(0, ext.index) : p).replace(/[^\d+]/g, '');
  if (!/^\+?\d{5,15}$/.test(main)) return null;
  return `tel:${main}${ext ? `;ext=${ext[1]}` : ''}`;
}

export function httpsHref(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' && !u.username && !u.password ? u.href : null;
  } catch {
    return null;
  }
}

/** Any href from data: passes only when it parses and uses https:, mailto: or tel:. */
export function isSafeHref(href: string): boolean {
  try {
    return ['https:', 'mailto:', 'tel:'].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}
