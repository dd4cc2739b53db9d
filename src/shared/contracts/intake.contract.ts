import { z } from 'zod';

/** Importers of files into cases (docs/intake.md): the report of one run and the journal of runs. */
export const IMPORT_FORMATS = ['spb-jsonl', 'history-jsonl', 'pos', 'im'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const UPLOAD_IMPORT_FORMATS = ['pos', 'im'] as const;
export type UploadImportFormat = (typeof UPLOAD_IMPORT_FORMATS)[number];

export const IMPORT_FORMAT_TITLES: Record<ImportFormat, string> = {
  'spb-jsonl': 'История портала «Наш Санкт-Петербург»',
  'history-jsonl': 'История (нейтральный формат)',
  pos: 'Выгрузка ПОС',
  im: 'Выгрузка Инцидент менеджмента',
};

export const IMPORT_OUTCOMES = ['completed', 'completed_with_rejections', 'rejected'] as const;
export const IMPORT_OUTCOME_TITLES: Record<(typeof IMPORT_OUTCOMES)[number], string> = {
  completed: 'Загружено',
  completed_with_rejections: 'Загружено, часть строк пропущена',
  rejected: 'Отклонено, ничего не записано',
};

export const RejectedLineSchema = z.object({
  /** Line of the file or row of the table; 0 — the file as a whole. */
  line: z.number().int(),
  message: z.string(),
});

export const ImportReportSchema = z.object({
  importId: z.string(),
  format: z.enum(IMPORT_FORMATS),
  fileName: z.string(),
  tenant: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  totalLines: z.number().int(),
  created: z.number().int(),
  present: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(RejectedLineSchema),
  newRecipients: z.number().int(),
  newRubrics: z.number().int(),
  timers: z.number().int(),
  /** New cases an automatic routing rule (or a topic's default recipient) routed. */
  routed: z.number().int(),
  seconds: z.number(),
});
export type ImportReportView = z.infer<typeof ImportReportSchema>;

export const ImportRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  format: z.enum(IMPORT_FORMATS),
  fileName: z.string(),
  actorLabel: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  totalLines: z.number().int(),
  createdCount: z.number().int(),
  presentCount: z.number().int(),
  rejectedCount: z.number().int(),
  rejectedLines: z.array(RejectedLineSchema),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type ImportRecordView = z.infer<typeof ImportRecordSchema>;

export const ImportUploadQuerySchema = z.object({
  tenantId: z.string().uuid('tenantId: ожидается идентификатор').optional(),
});
export const ImportFormatParamsSchema = z.object({
  format: z.enum(UPLOAD_IMPORT_FORMATS, { message: 'format: ожидается pos или im' }),
});
