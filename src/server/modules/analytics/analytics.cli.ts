import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { type Database, openDatabase } from '../../platform/db/database.js';
import { applyMigrations } from '../../platform/db/migrations.js';
import { AppError } from '../../platform/errors.js';
import { rebuildTenantRollups } from './analytics-rollups.service.js';
import {
  findTenantOrFail,
  generateKpiReport,
  generateWeeklyReport,
  parseQuarterOrFail,
  parseWeekOrFail,
} from './reports.service.js';

// `otklik report weekly|kpi`: the weekly analytical note (DOCX + PDF) and the quarterly KPI report (XLSX)
// written to a directory and kept in the archive, as the scheduled job does.

async function withDatabase(command: string, work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase({ config: loadConfig(), purpose: 'command', command });
  try {
    await applyMigrations(database);
    await work(database);
  } finally {
    await database.close();
  }
}

async function writeFiles(directory: string, files: Array<{ fileName: string; content: Buffer }>): Promise<void> {
  await fs.mkdir(directory, { recursive: true });
  for (const file of files) {
    const target = path.join(directory, file.fileName);
    await fs.writeFile(target, file.content);
    process.stdout.write(`${target} (${file.content.length} байт)\n`);
  }
}

/** `otklik analytics rebuild-rollups`: recovery of the rollups (registered beside the report commands). */
function registerAnalyticsCommands(program: Command): void {
  const analytics = program.command('analytics').description('аналитика: обслуживание свёрток');
  analytics
    .command('rebuild-rollups')
    .description('пересчитать свёртки аналитики из фактов сообщений (восстановление)')
    .option('--tenant <код>', 'код муниципалитета или региона (slug); у региона — все его муниципалитеты')
    .option('--all', 'все муниципалитеты и регионы')
    .action((options: { tenant?: string; all?: boolean }) =>
      withDatabase('otklik analytics rebuild-rollups', async (database) => {
        if (!options.tenant && !options.all) {
          throw new AppError('VALIDATION_FAILED', 'Укажите --tenant <код> или --all.', [
            { field: 'tenant', message: '--tenant: код муниципалитета или региона' },
          ]);
        }
        const rebuilt = await rebuildTenantRollups(database, {
          ...(options.tenant ? { tenantSlug: options.tenant } : {}),
          isAll: options.all === true,
        });
        for (const item of rebuilt) {
          process.stdout.write(
            `${item.slug}: свёртки пересчитаны по ${item.facts} сообщениям за ${item.milliseconds} мс\n`,
          );
        }
      }),
    );
}

export function registerReportCommands(program: Command): void {
  registerAnalyticsCommands(program);
  const report = program
    .command('report')
    .description('отчёты: еженедельная аналитическая записка, квартальный отчёт КПЭ');
  report
    .command('weekly')
    .description('еженедельная аналитическая записка (DOCX и PDF) за ISO-неделю')
    .requiredOption('--tenant <код>', 'код муниципалитета или региона (slug)')
    .requiredOption('--week <неделя>', 'ISO-неделя, например 2021-W12')
    .requiredOption('--out <каталог>', 'куда записать файлы')
    .action((options: { tenant: string; week: string; out: string }) =>
      withDatabase('otklik report weekly', async (database) => {
        parseWeekOrFail(options.week);
        const tenant = await findTenantOrFail(database, options.tenant);
        const { files } = await generateWeeklyReport(database, tenant, options.week);
        await writeFiles(path.resolve(options.out), files);
      }),
    );
  report
    .command('kpi')
    .description('квартальный отчёт КПЭ для ЦУР (XLSX)')
    .requiredOption('--tenant <код>', 'код муниципалитета или региона (slug)')
    .requiredOption('--quarter <квартал>', 'квартал, например 2021-Q1')
    .requiredOption('--out <каталог>', 'куда записать файл')
    .action((options: { tenant: string; quarter: string; out: string }) =>
      withDatabase('otklik report kpi', async (database) => {
        parseQuarterOrFail(options.quarter);
        const tenant = await findTenantOrFail(database, options.tenant);
        const { files } = await generateKpiReport(database, tenant, options.quarter);
        await writeFiles(path.resolve(options.out), files);
      }),
    );
}
