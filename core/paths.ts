import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root, independent of the process's working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
