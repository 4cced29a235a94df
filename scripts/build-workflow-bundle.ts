import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlePath, workflowsPath } from '../workers/core-worker';

// Production workers load this file instead of bundling the workflow sources at every start.
const { code } = await bundleWorkflowCode({ workflowsPath, logger: undefined });
await mkdir(path.dirname(workflowBundlePath), { recursive: true });
await writeFile(workflowBundlePath, code);
console.log(`workflow bundle: ${path.relative(process.cwd(), workflowBundlePath)} (${(code.length / 1024).toFixed(0)} KiB)`);
