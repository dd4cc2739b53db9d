import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import { applyMigrations } from '../../platform/db/migrations.js';
import { AppError } from '../../platform/errors.js';
import { findTenantBySlug } from '../organization/index.js';
import { recomputeClusters } from './clusters.service.js';

/** `otklik clusters recompute --tenant <slug> [--days 30]`: regroups mass problems of the period. */
export function registerClusterCommands(program: Command): void {
  const clusters = program.command('clusters').description('массовые проблемы (группы похожих сообщений)');
  clusters
    .command('recompute')
    .description('пересобрать группы за период (автоматические заново, ручные решения сохраняются)')
    .requiredOption('--tenant <код>', 'код муниципалитета (slug)')
    .option('--days <дней>', 'за сколько последних дней', '30')
    .action(async (options: { tenant: string; days: string }) => {
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1 || days > 366)
        throw new AppError('VALIDATION_FAILED', `--days: целое число от 1 до 366, получено «${options.days}».`);
      const database = await openDatabase({
        config: loadConfig(),
        purpose: 'command',
        command: 'otklik clusters recompute',
      });
      try {
        await applyMigrations(database);
        const tenant = await findTenantBySlug(database.pool, options.tenant);
        if (tenant?.kind !== 'municipality')
          throw new AppError('TENANT_NOT_FOUND', `нет муниципалитета с кодом «${options.tenant}» (--tenant).`);
        const result = await recomputeClusters(database, tenant, days, { userId: null, origin: null });
        process.stdout.write(
          `Массовые проблемы «${tenant.slug}» за ${days} дн.: сообщений ${result.cases}, сгруппировано ${result.grouped}, групп ${result.clusters}, освобождено ${result.released}, повторных обращений ${result.repeats}.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
