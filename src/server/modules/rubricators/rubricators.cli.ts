import type { Command } from 'commander';
import { SHIPPED_RUBRICATORS, type ShippedRubricator } from '../../../shared/contracts/rubricators.contract.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import { applyMigrations } from '../../platform/db/migrations.js';
import { AppError } from '../../platform/errors.js';
import { findTenantBySlug } from '../organization/index.js';
import { loadShippedRubricator } from './rubricators.service.js';

/** `otklik rubricator load --tenant <slug> cur|fz59`: writes a shipped rubricator into a municipality. */
export function registerRubricatorCommands(program: Command): void {
  const rubricator = program.command('rubricator').description('рубрикаторы муниципалитета');
  rubricator
    .command('load')
    .description('загрузить поставляемый рубрикатор: cur — темы ЦУР/ИМ, fz59 — типовой классификатор 59-ФЗ')
    .requiredOption('--tenant <код>', 'код муниципалитета (slug)')
    .argument('<рубрикатор>', SHIPPED_RUBRICATORS.join(' или '))
    .action(async (name: string, options: { tenant: string }) => {
      if (!(SHIPPED_RUBRICATORS as readonly string[]).includes(name)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `неизвестный рубрикатор «${name}»; есть ${SHIPPED_RUBRICATORS.join(', ')}.`,
        );
      }
      const database = await openDatabase({
        config: loadConfig(),
        purpose: 'command',
        command: 'otklik rubricator load',
      });
      try {
        await applyMigrations(database);
        const tenant = await findTenantBySlug(database.pool, options.tenant);
        if (!tenant)
          throw new AppError('TENANT_NOT_FOUND', `нет муниципалитета с кодом «${options.tenant}» (--tenant).`);
        if (tenant.kind !== 'municipality')
          throw new AppError(
            'VALIDATION_FAILED',
            `«${options.tenant}» — регион; рубрикаторы ведёт муниципалитет (--tenant).`,
          );
        const result = await loadShippedRubricator(database, tenant.id, name as ShippedRubricator, {
          userId: null,
          origin: null,
        });
        process.stdout.write(
          `Рубрикатор «${name}» в «${tenant.slug}»: позиций ${result.total}, новых ${result.inserted}.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
