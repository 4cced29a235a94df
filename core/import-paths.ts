import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './paths';

export class ImportPathError extends Error {
  constructor(message: string, readonly kind: 'not-found' | 'not-allowed') {
    super(message);
  }
}

/**
 * Resolves a user-given path (relative to the repository root) and admits it only inside an import root, after
 * following symlinks, so `../../etc/passwd` or a link out of a root cannot be read through the API.
 */
export async function resolveImportPath(userPath: string, roots: string[]): Promise<string> {
  const absolute = path.resolve(repoRoot, userPath);
  const real = await realpath(absolute).catch(() => {
    throw new ImportPathError(`File not found: ${userPath}`, 'not-found');
  });
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => undefined);
    if (realRoot && (real === realRoot || real.startsWith(realRoot + path.sep))) return real;
  }
  throw new ImportPathError(`Path is outside the import roots (${roots.join(', ')}): ${userPath}`, 'not-allowed');
}
