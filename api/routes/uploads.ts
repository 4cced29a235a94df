import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { db } from '../../core/db';
import { requireRole } from '../auth';
import { badRequest } from '../errors';

export const uploadSchema = z.object({ id: z.string(), filename: z.string(), size: z.number(), sha256: z.string() });

export const uploadRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/uploads', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Upload a source file (multipart field "file"): a K-line CSV or a zip holding one',
      tags: ['imports'],
      consumes: ['multipart/form-data'],
      response: { 201: uploadSchema },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw badRequest('file', 'send multipart/form-data with a "file" field');
    const part = await req.file();
    if (!part || part.fieldname !== 'file') throw badRequest('file', 'missing "file" field');
    const content = await part.toBuffer();
    if (content.length === 0) throw badRequest('file', 'file is empty');
    const sha256 = createHash('sha256').update(content).digest('hex');
    // Same bytes, same upload: re-sending a file neither duplicates it nor fails.
    const upload = await db().upload.upsert({
      where: { sha256 },
      update: {},
      create: { sha256, filename: part.filename || 'upload.csv', size: content.length, content: new Uint8Array(content) },
      select: { id: true, filename: true, size: true, sha256: true },
    });
    return reply.code(201).send(upload);
  });
};
