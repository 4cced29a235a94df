import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { temporalClient } from '../../core/temporal';
import { notFound } from '../errors';
import { getRun, listRuns, runDetailSchema, runStatusSchema, runSummarySchema } from '../runs';

const statusQuery: Record<string, string> = {
  RUNNING: 'Running', COMPLETED: 'Completed', FAILED: 'Failed', CANCELLED: 'Canceled', TERMINATED: 'Terminated',
  TIMED_OUT: 'TimedOut', CONTINUED_AS_NEW: 'ContinuedAsNew',
};

export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/runs', {
    schema: {
      summary: 'List runs from Temporal visibility, newest first',
      tags: ['runs'],
      querystring: z.object({
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
        nextPageToken: z.string().optional(),
        status: runStatusSchema.exclude(['UNKNOWN']).optional(),
        type: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
      }),
      response: { 200: z.object({ runs: z.array(runSummarySchema), nextPageToken: z.string().nullable() }) },
    },
  }, async (req) => {
    const filters: string[] = [];
    // A run that continued as new lives on in its latest run; its earlier runs show only when asked for.
    filters.push(req.query.status ? `ExecutionStatus = '${statusQuery[req.query.status]}'` : `ExecutionStatus != 'ContinuedAsNew'`);
    if (req.query.type) filters.push(`WorkflowType = '${req.query.type}'`);
    return listRuns(await temporalClient(), { pageSize: req.query.pageSize, nextPageToken: req.query.nextPageToken, query: filters.join(' AND ') });
  });

  app.get('/runs/:workflowId', {
    schema: {
      summary: 'One run: status, input, result or failure, and live progress',
      tags: ['runs'],
      params: z.object({ workflowId: z.string().min(1).max(1000) }),
      response: { 200: runDetailSchema },
    },
  }, async (req) => {
    const run = await getRun(await temporalClient(), req.params.workflowId);
    if (!run) throw notFound(`Run ${req.params.workflowId}`);
    return run;
  });
};
