import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared market-data fixtures live beside the repository (../shared/data), not in it; LURUS_SHARED_DATA
 * points elsewhere when a checkout is laid out differently.
 */
export function sharedDataPath(relative: string): string {
  const root = process.env.LURUS_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
  return path.join(root, relative);
}

export function readSharedData(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedDataPath(relative)));
}
