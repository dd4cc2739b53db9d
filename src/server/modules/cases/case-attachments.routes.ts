import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/attachments.js';
import {
  AttachmentContentQuerySchema,
  AttachmentParamsSchema,
  CaseAttachmentSchema,
} from '../../../shared/contracts/attachments.contract.js';
import { CaseIdParamsSchema } from '../../../shared/contracts/cases.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { AppError } from '../../platform/errors.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import { buildContentDisposition } from './attachment-file-type.js';
import * as service from './case-attachments.service.js';

const tags = ['Вложения сообщения'];
const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  415: ErrorResponseSchema,
};
const MEGABYTES = ATTACHMENT_MAX_BYTES / 1024 / 1024;

/** Served files never run as a page: no scripts, no frames of others; PDF keeps the browser's viewer. */
const CONTENT_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE';
}

export function caseAttachmentsRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/cases/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Файлы сообщения (без содержимого): от заявителя, материалы работы, документы системы',
          params: CaseIdParamsSchema,
          response: { 200: z.array(CaseAttachmentSchema), ...errors },
        },
      },
      async (request) => service.listCaseAttachments(database, requireAuth(request), request.params.id),
    );

    app.post(
      '/api/cases/:id/attachments',
      {
        schema: {
          tags,
          summary: `Приложить файл (multipart-поле file, до ${MEGABYTES} МБ): фото JPEG/PNG/WebP/GIF, PDF, DOCX, XLSX, ODT, текст`,
          description:
            'Тип определяется по содержимому; расширение имени и заявленный тип должны с ним совпадать (иначе 415). Ответ — файл с id для attachmentIds действий draft-answer и fulfil-promise.',
          consumes: ['multipart/form-data'],
          params: CaseIdParamsSchema,
          response: { 201: CaseAttachmentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Отправьте файл как multipart/form-data (поле file).');
        }
        const part = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5 } });
        if (!part) {
          throw new AppError('VALIDATION_FAILED', 'Приложите файл (поле file).', [
            { field: 'file', message: 'Нет файла' },
          ]);
        }
        let content: Buffer;
        try {
          content = await part.toBuffer();
        } catch (error) {
          if (!isTooLarge(error)) throw error;
          content = Buffer.alloc(0);
          part.file.truncated = true;
        }
        if (part.file.truncated) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `Файл «${part.filename}» больше ${MEGABYTES} МБ. Уменьшите его (например, сожмите фото) или разделите.`,
            [{ field: 'file', message: `«${part.filename}»: больше ${MEGABYTES} МБ` }],
          );
        }
        const stored = await service.uploadCaseAttachment(
          database,
          context,
          request.params.id,
          { fileName: part.filename, claimedMediaType: part.mimetype || null, content },
          originOf(request),
        );
        return reply.status(201).send(stored);
      },
    );

    app.get(
      '/api/cases/:id/attachments/:attachmentId/content',
      {
        schema: {
          tags,
          summary:
            'Содержимое файла: фото и PDF открываются в браузере, остальное скачивается (?download=true — всегда скачать)',
          params: AttachmentParamsSchema,
          querystring: AttachmentContentQuerySchema,
        },
      },
      async (request, reply) => {
        const file = await service.readCaseAttachment(
          database,
          requireAuth(request),
          request.params.id,
          request.params.attachmentId,
        );
        const isInline = file.isInline && request.query.download !== 'true';
        return reply
          .header('content-type', file.mediaType)
          .header('content-length', String(file.content.length))
          .header('content-disposition', buildContentDisposition(isInline ? 'inline' : 'attachment', file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', CONTENT_POLICY)
          .header('cache-control', 'private, no-cache')
          .header('etag', `"${file.sha256}"`)
          .send(file.content);
      },
    );

    app.delete(
      '/api/cases/:id/attachments/:attachmentId',
      {
        schema: {
          tags,
          summary: 'Удалить свой файл (координатор — любой файл сотрудников), если на него не ссылается ответ',
          params: AttachmentParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.removeCaseAttachment(
          database,
          requireAuth(request),
          request.params.id,
          request.params.attachmentId,
          originOf(request),
        );
        return reply.status(204).send(null);
      },
    );
  };
}
