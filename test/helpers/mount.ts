// Real file systems for tests of a failing disk: a small tmpfs, filled to the last byte. Mounting
// needs root (CI runs as root); `canMount` says whether it works here, for a test to skip saying why.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

export function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'parley-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An empty folder for this test, unmounted (lazily, in case something still holds it) and removed afterwards. */
export function mountPoint(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-disk-'));
  onTestFinished(() => {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    } catch {
      // not mounted (any more)
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A tmpfs of `size` (e.g. "4m") mounted on a new mount point. */
export function smallDisk(size: string): string {
  const dir = mountPoint();
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return dir;
}

/** Fills the file system of `dir` with one file until a write fails for lack of space; returns the file (delete it to free the space). */
export function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) appendFileSync(filler, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  return filler;
}
