// Regenerates empyrical-reference.json by running empyrical-reloaded itself (pinned venv under .tools/venvs).
// `npx tsx engines/metrics/reference/generate.ts`
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../../core/paths';
import { ensurePythonVenv, runPython } from '../../../scripts/lib/python-venv';

export const EMPYRICAL_REQUIREMENTS = [
  'empyrical-reloaded==0.7.1',
  'numpy==2.4.6',
  'pandas==3.1.1',
  'scipy==1.17.1',
  'Bottleneck==1.6.0',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const csv = path.join(process.env.LURUS_SHARED_DATA ?? path.join(repoRoot, '..', 'shared', 'data'), 'ashare', '000001.SH_D.csv');
const python = ensurePythonVenv('empyrical', EMPYRICAL_REQUIREMENTS);
const json = runPython(python, path.join(here, 'empyrical_reference.py'), [csv]);
const out = path.join(here, 'empyrical-reference.json');
writeFileSync(out, json.endsWith('\n') ? json : `${json}\n`);
process.stdout.write(`wrote ${path.relative(repoRoot, out)} (${(json.length / 1024).toFixed(0)} KiB)\n`);
