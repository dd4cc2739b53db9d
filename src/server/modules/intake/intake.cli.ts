import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { CHANNELS, type Channel } from '../../../shared/channels.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import { applyMigrations } from '../../platform/db/migrations.js';
import { AppError } from '../../platform/errors.js';
import { ImportProgress } from './import-progress.js';
import type { ImportFormat } from './intake.repository.js';
import { type ImportReport, runImport } from './intake.service.js';
import { openImportFile, resolveImportTenant } from './intake-files.js';
import { pluralRu } from './intake-record.js';

// `otklik import spb-jsonl|history-jsonl|pos|im <file>`: the file importers from the command line.
// Exit codes: 0 — everything written (or already present); 2 — lines rejected, nothing written;
// 3 — written with --skip-invalid, some lines rejected. The last line printed is the summary.

type ImportOptions = { tenant?: string; skipInvalid?: boolean; channel?: string };

const SHOWN_REJECTIONS = 50;

export function registerIntakeCommands(program: Command): void {
  const command = program
    .command('import')
    .description('импорт истории и выгрузок в сообщения муниципалитета (docs/intake.md)');
  const formats: Array<{ format: ImportFormat; title: string }> = [
    { format: 'spb-jsonl', title: 'история портала «Наш Санкт-Петербург» (JSON Lines, можно .gz)' },
    { format: 'history-jsonl', title: 'история в нейтральном формате JSON Lines (можно .gz)' },
    { format: 'pos', title: 'выгрузка ПОС «Госуслуги. Решаем вместе» (XLSX или CSV)' },
    { format: 'im', title: 'выгрузка Инцидент менеджмента (XLSX или CSV)' },
  ];
  for (const { format, title } of formats) {
    const sub = command
      .command(`${format} <file>`)
      .description(title)
      .option('--tenant <код>', 'код муниципалитета (slug); без него — единственный муниципалитет базы')
      .option('--skip-invalid', 'записать верные строки, пропустив ошибочные (по умолчанию — всё или ничего)');
    if (format === 'history-jsonl') {
      sub.option('--channel <код>', `канал строк без поля channel: ${CHANNELS.join(', ')}`, 'form');
    }
    sub.action(async (file: string, options: ImportOptions) => {
      process.exitCode = await runImportCommand(format, file, options);
    });
  }
}

export async function runImportCommand(format: ImportFormat, file: string, options: ImportOptions): Promise<number> {
  const startedAt = new Date();
  const defaultChannel = (options.channel ?? 'form') as Channel;
  if (!(CHANNELS as readonly string[]).includes(defaultChannel)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Неизвестный канал --channel «${defaultChannel}»; допустимы: ${CHANNELS.join(', ')}.`,
    );
  }
  const database = await openDatabase({ config: loadConfig(), purpose: 'command', command: `otklik import ${format}` });
  try {
    await applyMigrations(database);
    const tenant = await resolveImportTenant(database.pool, options.tenant);
    const progress = new ImportProgress();
    // The file is written while it is read: one phase, measured in bytes of the file.
    progress.start('Запись');
    const report = await runImport(database, {
      tenant,
      format,
      fileName: path.basename(file),
      source: openImportFile(format, file, {
        timeZone: tenant.timezone,
        defaultChannel,
        onBytes: (done: number, total: number) => progress.update(done / 1_048_576, total / 1_048_576, 'МБ'),
      }),
      skipInvalid: Boolean(options.skipInvalid),
      actor: { userId: null, label: `CLI (${os.userInfo().username}@${os.hostname()})` },
      startedAt,
    });
    progress.complete();
    progress.finishBar();
    process.stdout.write(describeReport(report));
    if (report.outcome === 'rejected') return 2;
    if (report.outcome === 'completed_with_rejections') return 3;
    return 0;
  } finally {
    await database.close();
  }
}

/** The report as printed: rejected lines first, then the facts, the summary line last. */
export function describeReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const item of report.rejected.slice(0, SHOWN_REJECTIONS)) {
    lines.push(item.line > 0 ? `Строка ${item.line}: ${item.message}` : `Файл: ${item.message}`);
  }
  if (report.rejectedCount > SHOWN_REJECTIONS) {
    lines.push(`…и ещё ${report.rejectedCount - SHOWN_REJECTIONS} отклонённых строк (все — в журнале импорта).`);
  }
  if (report.outcome === 'rejected') {
    lines.push('Ничего не записано: исправьте эти строки или запустите с --skip-invalid, чтобы записать остальные.');
  } else {
    lines.push(
      `Новых получателей: ${report.newRecipients}, новых рубрик: ${report.newRubrics}, запущено таймеров: ${report.timers}, направлено автоправилами: ${report.routed}.`,
    );
  }
  const rate = report.seconds > 0 ? Math.round(report.created / report.seconds) : 0;
  lines.push(
    `Итог (${report.format}, ${report.tenant}): создано ${report.created}, уже было ${report.present}, отклонено ${report.rejectedCount} ${pluralRu(report.rejectedCount, 'строка', 'строки', 'строк')} из ${report.totalLines}; ${report.seconds.toFixed(1)} с, ${rate} сообщ./с.`,
  );
  return `${lines.join('\n')}\n`;
}
