import { Command, Option } from 'commander';
import { ROLES } from '../shared/roles.js';
import { registerReportCommands } from './modules/analytics/index.js';
import { issueApiKeyForTenant } from './modules/api-keys/index.js';
import { registerClusterCommands } from './modules/clusters/index.js';
import { DEMO_REGION, seedDemo } from './modules/demo/index.js';
import { registerIntakeCommands } from './modules/intake/index.js';
import { createTenant, createUser, findTenantBySlug } from './modules/organization/index.js';
import { registerRubricatorCommands } from './modules/rubricators/index.js';
import { registerSlaCommands } from './modules/sla/sla.cli.js';
import { registerModelCommands } from './modules/triage/triage.cli.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { DataDirectoryLockedError } from './platform/db/data-directory-lock.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { applyMigrations } from './platform/db/migrations.js';
import { AppError } from './platform/errors.js';
import { describeStartup, startServer } from './server.js';

/** The `otklik` command line. Commands other than `serve` work with or without a running server. */
const program = new Command()
  .name('otklik')
  .description('Отклик — платформа муниципального центра управления (МЦУ)')
  .showHelpAfterError();

program
  .command('serve')
  .description('запустить веб-сервер (PORT, DATA_DIR или DATABASE_URL — см. README)')
  .action(async () => {
    const config = loadConfig();
    const server = await startServer(config);
    const hasDemo = Boolean(await findTenantBySlug(server.database.pool, DEMO_REGION.slug));
    process.stdout.write(`${describeStartup(server, config, hasDemo)}\n`);
    let signals = 0;
    const shutdown = (signal: string) => {
      signals += 1;
      if (signals > 1) {
        process.stderr.write(`Повторный сигнал ${signal}: принудительное завершение.\n`);
        process.exit(1);
      }
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`Ошибка при остановке: ${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('применить миграции базы данных')
  .action(() =>
    withDatabase('otklik migrate', async (database) => {
      const result = await applyMigrations(database);
      process.stdout.write(`Миграции применены: новых ${result.applied}. База: ${database.location}\n`);
    }),
  );

const seed = program.command('seed').description('наполнить базу данными');
seed
  .command('demo')
  .description(
    'создать демо-регион с двумя муниципалитетами, сотрудниками и сообщениями (повторный запуск ничего не меняет)',
  )
  .option('--json', 'вывести демо-учётные записи в формате JSON')
  .action((options: { json?: boolean }) =>
    withDatabase('otklik seed demo', async (database) => {
      await applyMigrations(database);
      const result = await seedDemo(database);
      if (options.json) {
        const users = result.accounts.map(({ login, password, role, tenant }) => ({ login, password, role, tenant }));
        process.stdout.write(`${JSON.stringify({ users })}\n`);
        return;
      }
      process.stdout.write(
        `Демо-данные: новых муниципалитетов/регионов ${result.createdTenants}, пользователей ${result.createdUsers}, сообщений ${result.createdCases}.\n`,
      );
      for (const account of result.accounts) {
        process.stdout.write(
          `  ${account.login.padEnd(22)} ${account.password}  ${account.role} (${account.tenant})\n`,
        );
      }
    }),
  );

const tenant = program.command('tenant').description('регионы (ЦУР) и муниципалитеты (МЦУ)');
tenant
  .command('create')
  .description('создать регион или муниципалитет')
  .requiredOption('--slug <код>', 'латинский код, например novokuznetsk')
  .requiredOption('--name <название>', 'полное название')
  .option('--short-name <название>', 'краткое название')
  .addOption(
    new Option('--kind <вид>', 'region или municipality').choices(['region', 'municipality']).default('municipality'),
  )
  .option('--parent <код>', 'код региона, в который входит муниципалитет')
  .option('--timezone <зона>', 'часовой пояс IANA', 'Europe/Moscow')
  .action(
    (options: {
      slug: string;
      name: string;
      shortName?: string;
      kind: 'region' | 'municipality';
      parent?: string;
      timezone: string;
    }) =>
      withDatabase('otklik tenant create', async (database) => {
        await applyMigrations(database);
        const created = await createTenant(database, {
          slug: options.slug,
          name: options.name,
          shortName: options.shortName ?? options.name,
          kind: options.kind,
          parentSlug: options.parent ?? null,
          timezone: options.timezone,
        });
        process.stdout.write(
          `Создан ${created.kind === 'region' ? 'регион' : 'муниципалитет'} «${created.name}» (${created.slug}).\n`,
        );
      }),
  );

const user = program.command('user').description('учётные записи');
user
  .command('create')
  .description('создать учётную запись (например, первого администратора)')
  .requiredOption('--tenant <код>', 'код муниципалитета или региона (slug)')
  .requiredOption('--role <role...>', `роли: ${ROLES.join(', ')}`)
  .requiredOption('--login <логин>', 'логин: латиница, цифры, «.», «-», «_»')
  .requiredOption('--password <пароль>', 'пароль, не короче 10 символов')
  .option('--name <ФИО>', 'фамилия, имя, отчество')
  .option('--position <должность>', 'должность')
  .action(
    (options: { tenant: string; role: string[]; login: string; password: string; name?: string; position?: string }) =>
      withDatabase('otklik user create', async (database) => {
        await applyMigrations(database);
        const roles = options.role
          .flatMap((role) => role.split(','))
          .map((role) => role.trim())
          .filter(Boolean);
        const created = await createUser(database, {
          tenantSlug: options.tenant,
          login: options.login,
          password: options.password,
          fullName: options.name ?? options.login,
          position: options.position ?? null,
          roles,
        });
        process.stdout.write(`Создана учётная запись ${created.login} (${roles.join(', ')}) в «${options.tenant}».\n`);
      }),
  );

async function withDatabase(command: string, work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase({ config: loadConfig(), purpose: 'command', command });
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

const apikey = program.command('apikey').description('ключи API муниципалитета (Open311, вебхук ИМ)');
apikey
  .command('create')
  .description('выдать ключ; он печатается один раз — сохраните его')
  .requiredOption('--tenant <код>', 'код муниципалитета (slug)')
  .option('--name <название>', 'для кого ключ', 'Ключ из командной строки')
  .action((options: { tenant: string; name: string }) =>
    withDatabase('otklik apikey create', async (database) => {
      await applyMigrations(database);
      const issued = await issueApiKeyForTenant(database, options.tenant, options.name);
      process.stdout.write(`${issued.key}\n`);
      process.stderr.write(
        `Выдан ключ API «${issued.name}» муниципалитету «${options.tenant}». Он не хранится: сохраните его.\n`,
      );
    }),
  );

registerSlaCommands(program);
registerReportCommands(program);
registerRubricatorCommands(program);
registerClusterCommands(program);
registerModelCommands(program);
registerIntakeCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof AppError || error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
    process.stderr.write(`Ошибка: ${error.message}\n`);
  } else {
    process.stderr.write(`Ошибка: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
