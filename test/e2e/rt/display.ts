// A virtual X display (Xvfb) for the one thing headless Chromium cannot do: show the extension's permission
// prompt so that it can be accepted. chrome.permissions.request() opens a browser-UI dialog, outside any page,
// so neither Playwright nor CDP can reach it, and Chromium has no switch to auto-accept it (only test-binary
// globals). On Xvfb the dialog is real and xdotool presses its keys like a user would.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { ARTIFACTS } from '../harness';

const PACKAGES: Record<string, string> = { Xvfb: 'xvfb', xdotool: 'xdotool' };
const WIDTH = 1440;
const HEIGHT = 900;

export interface VirtualDisplay {
  /** ":N", for DISPLAY */
  display: string;
  /** Presses keys with xdotool (XTEST: real input events), e.g. key('Tab', 'Return'). */
  key(...keys: string[]): void;
  /** Moves the pointer (focus follows the pointer without a window manager). */
  pointer(x: number, y: number): void;
  /** The whole screen, browser UI included, as test/.artifacts/screenshots/<name>.png. */
  screenshot(name: string): string;
  /** One screen pixel as [r, g, b]. */
  pixel(x: number, y: number): [number, number, number];
  close(): void;
}

const onPath = (bin: string) => ['/usr/bin', '/bin', '/usr/local/bin'].some((d) => existsSync(join(d, bin)));

/** Installs xvfb and xdotool from Debian when missing (root; as ensureRt does for RT). */
export function ensureDisplayTools() {
  const missing = Object.entries(PACKAGES).filter(([bin]) => !onPath(bin)).map(([, pkg]) => pkg);
  if (!missing.length) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = ['-o', 'DPkg::Lock::Timeout=600', '-o', 'Acquire::Retries=3'];
  const lists = existsSync('/var/lib/apt/lists') ? execFileSync('ls', ['/var/lib/apt/lists'], { encoding: 'utf8' }) : '';
  if (!/_Packages/.test(lists)) execFileSync('apt-get', [...apt, 'update'], { env, stdio: 'pipe', timeout: 300_000 });
  execFileSync('apt-get', [...apt, 'install', '-y', '--no-install-recommends', ...missing], { env, stdio: 'pipe', timeout: 300_000 });
}

export async function startDisplay(): Promise<VirtualDisplay> {
  ensureDisplayTools();
  const fbdir = mkdtempSync(join(tmpdir(), 'sla-lens-xvfb-'));
  // -displayfd: Xvfb picks a free display number and writes it to fd 3; -fbdir: the screen as an XWD file.
  const child: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${WIDTH}x${HEIGHT}x24`, '-nolisten', 'tcp', '-fbdir', fbdir],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d));
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${stderr}`)), 10_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`Xvfb exited (${code}): ${stderr}`))));
  });
  const env = { ...process.env, DISPLAY: display };
  const xdotool = (...args: string[]) => execFileSync('xdotool', args, { env, stdio: 'pipe', timeout: 10_000 });
  return {
    display,
    key: (...keys) => void xdotool('key', '--delay', '150', ...keys),
    pointer: (x, y) => void xdotool('mousemove', String(x), String(y)),
    screenshot(name) {
      const file = join(ARTIFACTS, 'screenshots', `${name.replace(/[^\w.-]+/g, '-')}.png`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, xwdToPng(readFileSync(join(fbdir, 'Xvfb_screen0'))));
      return file;
    },
    pixel(x, y) {
      const { data, bytesPerLine, littleEndian } = xwdLayout(readFileSync(join(fbdir, 'Xvfb_screen0')));
      const px = littleEndian ? data.readUInt32LE(y * bytesPerLine + x * 4) : data.readUInt32BE(y * bytesPerLine + x * 4);
      return [(px >> 16) & 0xff, (px >> 8) & 0xff, px & 0xff];
    },
    close() {
      child.kill('SIGTERM');
      rmSync(fbdir, { recursive: true, force: true });
    },
  };
}

/** Pixel rows of Xvfb's framebuffer file (XWD, ZPixmap, 32 bits per pixel, depth 24). */
function xwdLayout(xwd: Buffer) {
  const f = (i: number) => xwd.readUInt32BE(i * 4);
  const [headerSize, format, width, height, byteOrder, bpp, bytesPerLine, ncolors] = [f(0), f(2), f(4), f(5), f(7), f(11), f(12), f(19)];
  if (format !== 2 || bpp !== 32) throw new Error(`unsupported XWD (format ${format}, ${bpp} bpp)`);
  return { width, height, bytesPerLine, littleEndian: byteOrder === 0, data: xwd.subarray(headerSize + ncolors * 12) };
}

/** Xvfb's framebuffer as an RGB PNG. */
export function xwdToPng(xwd: Buffer): Buffer {
  const { width, height, bytesPerLine, littleEndian, data } = xwdLayout(xwd);
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3); // filter byte 0 (none), then RGB
    for (let x = 0; x < width; x++) {
      const p = y * bytesPerLine + x * 4;
      const px = littleEndian ? data.readUInt32LE(p) : data.readUInt32BE(p);
      raw[row + 1 + x * 3] = (px >> 16) & 0xff;
      raw[row + 2 + x * 3] = (px >> 8) & 0xff;
      raw[row + 3 + x * 3] = px & 0xff;
    }
  }
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const tb = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(tb));
    return Buffer.concat([len, tb, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
