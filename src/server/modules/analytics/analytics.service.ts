import { computeBaseline, DEFAULT_GROWTH_TEST, isSignificantGrowth } from '../../../shared/analytics/growth-test.js';
import { detectOtpiska } from '../../../shared/analytics/otpiska.js';
import { addDays, countDays, type LocalPeriod, previousPeriod } from '../../../shared/analytics/periods.js';
import {
  combineScores,
  computeComponentScores,
  DEFAULT_RATING_SETTINGS,
} from '../../../shared/analytics/rating-score.js';
import { CASE_STATUS_TITLES, type CaseStatus, CHANNEL_TITLES, type Channel } from '../../../shared/channels.js';
import {
  type AnalyticsFilterQuery,
  type AnswerCheck,
  type Dashboard,
  DRILL_MEASURE_TITLES,
  type DrillDownQuery,
  type DrillDownResponse,
  type GrowthFactors,
  type Heatmap,
  type RatingFigures,
  type RatingSettings,
  RatingSettingsSchema,
  type Ratings,
  type Slice,
  type SliceDefinition,
  SliceDefinitionSchema,
  type Workload,
} from '../../../shared/contracts/analytics.contract.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { parseInstant } from '../../../shared/working-time/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as repository from './analytics.repository.js';
import { refreshCaseMeasures } from './analytics-measures.service.js';
import * as rollups from './analytics-rollups.repository.js';
import { snowballFactory } from './stemmer.js';

/** Who reads, over which tenants, in which zone: a person (HTTP) or the system (reports, CLI, jobs). */
export type AnalyticsReader = {
  tenantIds: string[];
  /** The reader's own tenant is a region (ЦУР): territories are municipalities. */
  isRegion: boolean;
  timezone: string;
};

export type ResolvedFilter = { scope: repository.AnalyticsScope; period: LocalPeriod; reader: AnalyticsReader };

/**
 * Where period figures come from: `auto` reads the rollups (migration 0017) when every tenant keeps
 * the reader's time zone and the filters are dimensions of a cube, else the facts; `facts` always reads
 * the facts (the direct count the tests compare the rollups with).
 */
export type FigureSource = 'auto' | 'facts';

/** The rollup view of a period, or null when rollups cannot answer for these tenants. */
async function rollupScopeOf(
  database: Database,
  resolved: ResolvedFilter,
  period: LocalPeriod,
  source: FigureSource,
): Promise<rollups.RollupScope | null> {
  if (source === 'facts') return null;
  const { reader, scope } = resolved;
  if (!(await rollups.isSameTimezone(database.pool, reader.tenantIds, reader.timezone))) return null;
  return { ...scope, ...periodInstants(period, reader.timezone), fromDate: period.from, toDate: period.to };
}

function cubeFor(
  scope: rollups.RollupScope | null,
  extra: rollups.RollupDimension[],
  options: { needsMedians?: boolean } = {},
): number | null {
  return scope ? rollups.chooseCube([...rollups.filterDimensions(scope), ...extra], options) : null;
}

const MAX_PERIOD_DAYS = 3 * 366;
const POINTS_LIMIT = 20_000;

export function requirePermission(context: AuthContext, permission: Permission): void {
  if (!hasPermission(context.roles, permission)) {
    throw new AppError('FORBIDDEN', 'Аналитика доступна сотрудникам МЦУ, главе и ЦУР.');
  }
}

/** The reader of an HTTP request (analytics.read checked), optionally narrowed to one visible tenant. */
export function readerOf(context: AuthContext, tenantId: string | undefined): AnalyticsReader {
  requirePermission(context, 'analytics.read');
  let tenantIds = context.visibleTenantIds;
  if (tenantId) {
    if (!tenantIds.includes(tenantId)) {
      throw new AppError('TENANT_NOT_FOUND', 'Муниципалитет не найден или недоступен.', [
        { field: 'tenantId', message: 'Нет доступа к этому муниципалитету' },
      ]);
    }
    tenantIds = [tenantId];
  }
  return { tenantIds, isRegion: context.tenant.kind === 'region' && !tenantId, timezone: context.tenant.timezone };
}

/** Local date → the instant it starts in the zone. */
export function startOfLocalDate(date: string, timezone: string): Date {
  return new Date(parseInstant(date, timezone));
}

export function resolveFilter(reader: AnalyticsReader, query: AnalyticsFilterQuery, now = new Date()): ResolvedFilter {
  const today = formatLocalDate(now, reader.timezone);
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -29);
  if (from > to) {
    throw new AppError('VALIDATION_FAILED', 'Начало периода позже его конца.', [
      { field: 'from', message: 'from: не позже to' },
    ]);
  }
  const period = { from, to };
  if (countDays(period) > MAX_PERIOD_DAYS) {
    throw new AppError('VALIDATION_FAILED', 'Период длиннее трёх лет: сузьте его.', [
      { field: 'from', message: 'from: период не длиннее трёх лет' },
    ]);
  }
  return { scope: scopeOf(reader, query, period), period, reader };
}

export function scopeOf(
  reader: AnalyticsReader,
  query: AnalyticsFilterQuery,
  period: LocalPeriod,
): repository.AnalyticsScope {
  return {
    tenantIds: reader.tenantIds,
    from: startOfLocalDate(period.from, reader.timezone),
    to: startOfLocalDate(addDays(period.to, 1), reader.timezone),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.recipientId ? { recipientId: query.recipientId } : {}),
    ...(query.state ? { stateGroup: query.state } : {}),
    ...(query.isFastTrack ? { isFastTrack: query.isFastTrack === 'true' } : {}),
  };
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

function hours(minutes: number | null): number | null {
  return minutes === null ? null : Math.round((minutes / 60) * 10) / 10;
}

export function endOfToday(reader: AnalyticsReader, now: Date): Date {
  return startOfLocalDate(addDays(formatLocalDate(now, reader.timezone), 1), reader.timezone);
}

export async function computeDashboard(
  database: Database,
  resolved: ResolvedFilter,
  now = new Date(),
  source: FigureSource = 'auto',
): Promise<Dashboard> {
  await refreshCaseMeasures(database.pool);
  const { scope, period, reader } = resolved;
  const previous = previousPeriod(period);
  const previousScope = { ...scope, ...periodInstants(previous, reader.timezone) };
  const current = await rollupScopeOf(database, resolved, period, source);
  const before = current
    ? { ...current, ...periodInstants(previous, reader.timezone), fromDate: previous.from, toDate: previous.to }
    : null;
  const totalsCube = cubeFor(current, [], { needsMedians: true });
  const perDayCube = cubeFor(current, ['channel']);
  const topicsCube = cubeFor(current, ['category']);
  const pool = database.pool;
  const [counts, snapshot, perDay, topics, previousTopics] = await Promise.all([
    current && totalsCube
      ? rollups.countPeriodFromRollups(pool, current, totalsCube)
      : repository.countPeriod(pool, scope),
    repository.countSnapshot(pool, scope, endOfToday(reader, now)),
    current && perDayCube
      ? rollups.countPerDayByChannelFromRollups(pool, current, perDayCube)
      : repository.countPerDayByChannel(pool, scope, reader.timezone),
    current && topicsCube
      ? rollups.countByTopicFromRollups(pool, current, topicsCube)
      : repository.countByTopic(pool, scope),
    before && topicsCube
      ? rollups.countByTopicFromRollups(pool, before, topicsCube)
      : repository.countByTopic(pool, previousScope),
  ]);
  const previousByTopic = new Map(previousTopics.map((item) => [item.topic, item.count]));
  const decided = counts.answeredOnTime + counts.late;
  const withResult = counts.resolved + counts.explained;
  return {
    period,
    previousPeriod: previous,
    received: counts.received,
    receivedPrevious: previousTopics.reduce((sum, item) => sum + item.count, 0),
    ...snapshot,
    answered: counts.answered,
    answeredOnTime: counts.answeredOnTime,
    late: counts.late,
    onTimeShare: share(counts.answeredOnTime, decided),
    medianFirstReactionHours: hours(counts.medianFirstReactionMinutes),
    medianAnswerHours: hours(counts.medianAnswerMinutes),
    rated: counts.rated,
    ratedHigh: counts.ratedHigh,
    meanRating: counts.rated > 0 ? Math.round((100 * counts.ratingSum) / counts.rated) / 100 : null,
    highRatingShare: share(counts.ratedHigh, counts.rated),
    resolved: counts.resolved,
    explained: counts.explained,
    resolvedShare: share(counts.resolved, withResult),
    explainedShare: share(counts.explained, withResult),
    otpiska: counts.otpiska,
    perDay,
    topGrowingTopics: topics
      .map((item) => {
        const before = previousByTopic.get(item.topic) ?? 0;
        return { topic: item.topic, count: item.count, previous: before, growth: item.count - before };
      })
      .filter((item) => item.growth > 0 && item.count >= 3)
      .sort((left, right) => right.growth - left.growth || right.count - left.count)
      .slice(0, 7),
  };
}

export function periodInstants(period: LocalPeriod, timezone: string): { from: Date; to: Date } {
  return { from: startOfLocalDate(period.from, timezone), to: startOfLocalDate(addDays(period.to, 1), timezone) };
}

export async function listDrillDown(
  database: Database,
  context: AuthContext,
  query: DrillDownQuery,
): Promise<DrillDownResponse> {
  const reader = readerOf(context, query.tenantId);
  const { scope } = resolveFilter(reader, query);
  await refreshCaseMeasures(database.pool);
  const { rows, total } = await repository.listDrillDown(database.pool, scope, {
    measure: query.measure,
    todayEnd: endOfToday(reader, new Date()),
    ...(query.territory !== undefined ? { territory: { value: query.territory, isRegion: reader.isRegion } } : {}),
    ...(query.topic !== undefined ? { topic: query.topic } : {}),
    ...(query.day ? { day: periodInstants({ from: query.day, to: query.day }, reader.timezone) } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    measure: query.measure,
    title: DRILL_MEASURE_TITLES[query.measure],
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((row) => ({
      ...row,
      receivedAt: new Date(row.receivedAt).toISOString(),
      dueAt: row.dueAt ? new Date(row.dueAt).toISOString() : null,
      answeredAt: row.answeredAt ? new Date(row.answeredAt).toISOString() : null,
    })),
  };
}

export async function computeHeatmap(
  database: Database,
  resolved: ResolvedFilter,
  source: FigureSource = 'auto',
): Promise<Heatmap> {
  const { scope, period, reader } = resolved;
  const previous = previousPeriod(period);
  const currentRollup = await rollupScopeOf(database, resolved, period, source);
  const previousRollup = await rollupScopeOf(database, resolved, previous, source);
  const cube = cubeFor(currentRollup, reader.isRegion ? ['category'] : ['category', 'district']);
  const [current, before, points, populations] = await Promise.all([
    currentRollup && cube
      ? rollups.countTerritoryTopicFromRollups(database.pool, currentRollup, cube, reader.isRegion)
      : repository.countTerritoryTopic(database.pool, scope, reader.isRegion),
    previousRollup && cube
      ? rollups.countTerritoryTopicFromRollups(database.pool, previousRollup, cube, reader.isRegion)
      : repository.countTerritoryTopic(
          database.pool,
          { ...scope, ...periodInstants(previous, reader.timezone) },
          reader.isRegion,
        ),
    repository.listPoints(database.pool, scope, POINTS_LIMIT + 1),
    repository.listPopulations(
      database.pool,
      reader.isRegion ? await regionTenantIds(database, reader) : reader.tenantIds,
    ),
  ]);
  const populationOf = new Map(populations.map((item) => [item.territory, item.population]));
  const key = (territory: string, topic: string) => `${territory}\u0000${topic}`;
  const previousOf = new Map(before.map((item) => [key(item.territory, item.topic), item.count]));
  const territoryTotals = new Map<string, number>();
  const topicTotals = new Map<string, number>();
  for (const item of current) {
    territoryTotals.set(item.territory, (territoryTotals.get(item.territory) ?? 0) + item.count);
    topicTotals.set(item.topic, (topicTotals.get(item.topic) ?? 0) + item.count);
  }
  const collator = new Intl.Collator('ru');
  return {
    period,
    previousPeriod: previous,
    territoryKind: reader.isRegion ? 'municipality' : 'district',
    territories: [...territoryTotals]
      .map(([name, count]) => ({ name, count, population: populationOf.get(name) ?? null }))
      .sort((left, right) => right.count - left.count || collator.compare(left.name, right.name)),
    topics: [...topicTotals]
      .map(([name, count]) => ({ name, count }))
      .sort((left, right) => right.count - left.count || collator.compare(left.name, right.name)),
    cells: current.map((item) => {
      const before = previousOf.get(key(item.territory, item.topic)) ?? 0;
      const population = populationOf.get(item.territory);
      return {
        territory: item.territory,
        topic: item.topic,
        count: item.count,
        previous: before,
        growth: before > 0 ? Math.round(((item.count - before) / before) * 1000) / 10 : null,
        perThousand: population ? Math.round((item.count * 1_000_000) / population) / 1000 : null,
      };
    }),
    points: points.slice(0, POINTS_LIMIT),
    isPointsTruncated: points.length > POINTS_LIMIT,
  };
}

/** A region's populations are stored on the region's tenant (territory = municipality's short name). */
async function regionTenantIds(database: Database, reader: AnalyticsReader): Promise<string[]> {
  const municipalities = await repository.listMunicipalities(database.pool);
  const parents = municipalities.filter((item) => reader.tenantIds.includes(item.id)).map((item) => item.parentId);
  return [...new Set([...reader.tenantIds, ...parents.filter((id): id is string => id !== null)])];
}

export async function loadRatingSettings(database: Database, tenantId: string): Promise<RatingSettings> {
  const stored = await repository.findRatingSettings(database.pool, tenantId);
  const parsed = RatingSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_RATING_SETTINGS;
}

function figuresOf(row: repository.RatingRow, settings: RatingSettings): RatingFigures {
  const inputs = {
    cases: row.received,
    answered: row.answered,
    onTime: row.answeredOnTime,
    decided: row.decided,
    medianAnswerHours: hours(row.medianAnswerMinutes),
    returns: row.returns,
    reopens: row.reopens,
    otpiska: row.otpiska,
    rated: row.rated,
    ratingSum: row.ratingSum,
    ratedHigh: row.ratedHigh,
  };
  const scores = computeComponentScores(inputs, settings);
  const isRated = row.received >= settings.minCases;
  return {
    cases: row.received,
    answered: row.answered,
    onTimeShare: share(row.answeredOnTime, row.decided),
    medianAnswerHours: inputs.medianAnswerHours,
    returns: row.returns,
    reopens: row.reopens,
    otpiskaShare: share(row.otpiska, row.answered),
    meanRating: row.rated > 0 ? Math.round((100 * row.ratingSum) / row.rated) / 100 : null,
    highRatingShare: share(row.ratedHigh, row.rated),
    scores,
    score: isRated ? combineScores(scores, settings) : null,
    isRated,
  };
}

export async function computeRatings(
  database: Database,
  resolved: ResolvedFilter,
  options: { entity?: 'recipient' | 'municipality'; settingsTenantId: string; source?: FigureSource },
): Promise<Ratings> {
  await refreshCaseMeasures(database.pool);
  const { scope, period, reader } = resolved;
  const entity = options.entity ?? (reader.isRegion ? 'municipality' : 'recipient');
  const settings = await loadRatingSettings(database, options.settingsTenantId);
  const previous = previousPeriod(period);
  const source = options.source ?? 'auto';
  const currentRollup = await rollupScopeOf(database, resolved, period, source);
  const previousRollup = await rollupScopeOf(database, resolved, previous, source);
  const cube = cubeFor(currentRollup, entity === 'recipient' ? ['channel', 'recipient'] : ['channel'], {
    needsMedians: true,
  });
  const [current, before] = await Promise.all([
    currentRollup && cube
      ? rollups.countRatingsFromRollups(database.pool, currentRollup, cube, entity)
      : repository.countRatings(database.pool, scope, entity),
    previousRollup && cube
      ? rollups.countRatingsFromRollups(database.pool, previousRollup, cube, entity)
      : repository.countRatings(database.pool, { ...scope, ...periodInstants(previous, reader.timezone) }, entity),
  ]);
  const previousScores = new Map(
    before.filter((row) => row.channel === null).map((row) => [row.entityId, figuresOf(row, settings).score]),
  );
  const collator = new Intl.Collator('ru');
  const rows = current
    .filter((row) => row.channel === null)
    .map((row) => {
      const overall = figuresOf(row, settings);
      const previousScore = previousScores.get(row.entityId) ?? null;
      return {
        id: row.entityId,
        name: row.entityName ?? 'Без названия',
        rank: null as number | null,
        overall,
        previousScore,
        trend:
          overall.score !== null && previousScore !== null
            ? Math.round((overall.score - previousScore) * 10) / 10
            : null,
        byChannel: current
          .filter((item) => item.entityId === row.entityId && item.channel !== null)
          .map((item) => ({ ...figuresOf(item, settings), channel: item.channel as Channel }))
          .sort((left, right) => right.cases - left.cases),
      };
    })
    .sort(
      (left, right) =>
        (right.overall.score ?? -1) - (left.overall.score ?? -1) ||
        right.overall.cases - left.overall.cases ||
        collator.compare(left.name, right.name),
    );
  let rank = 0;
  for (const row of rows) if (row.overall.isRated && row.overall.score !== null) row.rank = ++rank;
  return { period, previousPeriod: previous, entityKind: entity, settings, rows };
}

// ---- growth factors ----

const stemmer = snowballFactory();
const STOP_WORDS = new Set(
  'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это просьба прошу пожалуйста добрый день здравствуйте улица улице ул дом дома д'.split(
    ' ',
  ),
);

function stemsOf(text: string): Set<string> {
  const stems = new Set<string>();
  for (const word of text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .split(/[^а-я]+/)) {
    if (word.length < 4 || STOP_WORDS.has(word)) continue;
    stems.add(stemmer.stem(word));
  }
  return stems;
}

function normaliseAddress(address: string | null): string | null {
  if (!address) return null;
  const street = address.split(',').slice(0, 2).join(',').trim();
  return street.length > 0 ? street : null;
}

const DIMENSION_TITLES = {
  subcategory: 'подкатегория',
  territory: 'территория',
  channel: 'канал',
  address: 'адрес',
  word: 'слово',
} as const;

function plural(count: number, one: string, few: string, many: string): string {
  const mod10 = count % 10;
  const mod100 = count % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

export function casesWord(count: number): string {
  return `${count} ${plural(count, 'сообщение', 'сообщения', 'сообщений')}`;
}

function formatNumber(value: number): string {
  return value.toLocaleString('ru-RU', { maximumFractionDigits: 1 });
}

export async function computeGrowthFactors(
  database: Database,
  resolved: ResolvedFilter,
  options: { windows?: number } = {},
): Promise<GrowthFactors> {
  const { scope, period, reader } = resolved;
  const windows = options.windows ?? 8;
  const windowMs = countDays(period) * 86_400_000;
  const end = scope.to;
  const counts = await repository.countWindows(database.pool, scope, {
    isRegion: reader.isRegion,
    end,
    windowMs,
    windows: windows + 1,
  });
  const yearAgoEnd = new Date(end.getTime() - 364 * 86_400_000);
  const yearAgo = await repository.countWindows(database.pool, scope, {
    isRegion: reader.isRegion,
    end: yearAgoEnd,
    windowMs,
    windows: 1,
  });
  const hasYearAgoData = yearAgo.length > 0;
  const cells = new Map<string, { territory: string; topic: string; byWindow: number[]; yearAgo: number }>();
  const cellOf = (territory: string, topic: string) => {
    const key = `${territory}\u0000${topic}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { territory, topic, byWindow: new Array<number>(windows + 1).fill(0), yearAgo: 0 };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const row of counts)
    if (row.window >= 0 && row.window <= windows) cellOf(row.territory, row.topic).byWindow[row.window] = row.count;
  for (const row of yearAgo) if (row.window === 0) cellOf(row.territory, row.topic).yearAgo = row.count;
  const tested = [...cells.values()].filter((cell) => (cell.byWindow[0] ?? 0) >= DEFAULT_GROWTH_TEST.minCount);
  const findings: GrowthFactors['findings'] = [];
  for (const cell of tested) {
    const count = cell.byWindow[0] ?? 0;
    const baseline = computeBaseline(
      cell.byWindow.slice(1),
      hasYearAgoData ? cell.yearAgo : null,
      DEFAULT_GROWTH_TEST.baselineFloor,
    );
    const test = isSignificantGrowth(count, baseline, tested.length);
    if (!test.isSignificant) continue;
    const cases = await repository.listGrowthCases(database.pool, scope, {
      isRegion: reader.isRegion,
      end,
      windowMs,
      windows: windows + 1,
      topic: cell.topic,
      territory: cell.territory,
    });
    const factors = explainGrowth(cases, windows);
    const ratio = formatNumber(count / baseline);
    findings.push({
      topic: cell.topic,
      territory: cell.territory,
      count,
      baseline: Math.round(baseline * 10) / 10,
      yearAgo: hasYearAgoData ? cell.yearAgo : null,
      pValue: test.pValue,
      sentence:
        `Тема «${cell.topic}» (${cell.territory}): ${casesWord(count)} за период против ${formatNumber(baseline)} ` +
        `в среднем за ${windows} предыдущих равных периодов — рост в ${ratio} раза ` +
        `(вероятность случайно получить столько ${test.pValue < 0.001 ? 'меньше 0,1 %' : `${formatNumber(test.pValue * 100)} %`}).`,
      factors,
      caseIds: cases
        .filter((item) => item.window === 0)
        .map((item) => item.id)
        .slice(0, 200),
    });
  }
  findings.sort((left, right) => left.pValue - right.pValue || right.count - left.count);
  return { period, windows, findings: findings.slice(0, 30), tested: tested.length };
}

/** Which values of each dimension grew most against their mean over the baseline windows. */
export function explainGrowth(
  cases: repository.GrowthCaseRow[],
  windows: number,
): GrowthFactors['findings'][number]['factors'] {
  const factors: GrowthFactors['findings'][number]['factors'] = [];
  const dimensions: Array<{
    dimension: keyof typeof DIMENSION_TITLES;
    values: (row: repository.GrowthCaseRow) => Iterable<string>;
  }> = [
    { dimension: 'subcategory', values: (row) => (row.subcategory ? [row.subcategory] : []) },
    { dimension: 'channel', values: (row) => [CHANNEL_TITLES[row.channel] ?? row.channel] },
    {
      dimension: 'address',
      values: (row) => {
        const address = normaliseAddress(row.address);
        return address ? [address] : [];
      },
    },
    { dimension: 'word', values: (row) => stemsOf(row.text) },
  ];
  const total = cases.filter((row) => row.window === 0).length;
  for (const { dimension, values } of dimensions) {
    const current = new Map<string, number>();
    const before = new Map<string, number>();
    const example = new Map<string, string>();
    for (const row of cases) {
      const target = row.window === 0 ? current : before;
      for (const value of values(row)) {
        target.set(value, (target.get(value) ?? 0) + 1);
        if (dimension === 'word' && !example.has(value)) {
          const word = row.text
            .toLowerCase()
            .replaceAll('ё', 'е')
            .split(/[^а-я]+/)
            .find((candidate) => candidate.length >= 4 && stemmer.stem(candidate) === value);
          if (word) example.set(value, word);
        }
      }
    }
    const grown = [...current]
      .map(([value, count]) => ({ value, count, baseline: (before.get(value) ?? 0) / windows }))
      .filter((item) => item.count >= 2 && item.count - item.baseline >= Math.max(2, 0.1 * total))
      .sort((left, right) => right.count - right.baseline - (left.count - left.baseline))
      .slice(0, dimension === 'word' ? 5 : 3);
    for (const item of grown) {
      const shown = dimension === 'word' ? (example.get(item.value) ?? item.value) : item.value;
      factors.push({
        dimension,
        value: shown,
        count: item.count,
        baseline: Math.round(item.baseline * 10) / 10,
        sentence:
          dimension === 'word'
            ? `Чаще стало встречаться слово «${shown}»: ${casesWord(item.count)} против ${formatNumber(item.baseline)} в среднем.`
            : `Вырос${dimension === 'territory' ? 'ла' : dimension === 'subcategory' ? 'ла' : ''} ${DIMENSION_TITLES[dimension]} «${shown}»: ${casesWord(item.count)} против ${formatNumber(item.baseline)} в среднем.`,
      });
    }
  }
  return factors;
}

// ---- answers («отписки»), settings, populations ----

export async function checkAnswer(database: Database, context: AuthContext, caseId: string): Promise<AnswerCheck> {
  const reader = readerOf(context, undefined);
  const answer = await repository.findAnswer(database.pool, reader.tenantIds, caseId);
  if (!answer) throw notFound('Сообщение не найдено или недоступно.');
  const detected = answer.text === null ? null : detectOtpiska(answer.text, answer.attachmentCount);
  return {
    caseId,
    text: answer.text,
    detected,
    review: answer.review ? { ...answer.review, reviewedAt: new Date(answer.review.reviewedAt).toISOString() } : null,
  };
}

export async function reviewAnswer(
  database: Database,
  context: AuthContext,
  caseId: string,
  input: { isOtpiska: boolean; comment?: string | undefined },
  origin: { ipAddress: string; requestId: string },
): Promise<AnswerCheck> {
  requirePermission(context, 'analytics.review_answers');
  const reader = readerOf(context, undefined);
  const answer = await repository.findAnswer(database.pool, reader.tenantIds, caseId);
  if (!answer) throw notFound('Сообщение не найдено или недоступно.');
  if (answer.text === null) {
    throw new AppError('VALIDATION_FAILED', 'У сообщения ещё нет ответа: оценивать нечего.', [
      { field: 'caseId', message: 'Нет ответа' },
    ]);
  }
  await withTransaction(database.pool, async (client) => {
    const before = await repository.findReview(client, answer.tenantId, caseId);
    await repository.saveReview(client, {
      tenantId: answer.tenantId,
      caseId,
      isOtpiska: input.isOtpiska,
      comment: input.comment ?? null,
      userId: context.userId,
    });
    await recordAudit(client, {
      tenantId: answer.tenantId,
      actorUserId: context.userId,
      action: 'analytics.answer_reviewed',
      objectType: 'case',
      objectId: caseId,
      before: before ?? { isOtpiska: answer.isOtpiskaDetected, source: 'detector' },
      after: { isOtpiska: input.isOtpiska, comment: input.comment ?? null },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return checkAnswer(database, context, caseId);
}

function manageTenantOf(context: AuthContext): string {
  requirePermission(context, 'analytics.manage');
  return context.tenant.id;
}

export async function getSettings(database: Database, context: AuthContext): Promise<RatingSettings> {
  readerOf(context, undefined);
  return loadRatingSettings(database, context.tenant.id);
}

export async function updateSettings(
  database: Database,
  context: AuthContext,
  input: RatingSettings,
  origin: { ipAddress: string; requestId: string },
): Promise<RatingSettings> {
  const tenantId = manageTenantOf(context);
  await withTransaction(database.pool, async (client) => {
    const before = await repository.findRatingSettings(client, tenantId);
    await repository.saveRatingSettings(client, tenantId, input, context.userId);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'analytics.settings_updated',
      objectType: 'analytics_settings',
      objectId: tenantId,
      before: before ?? DEFAULT_RATING_SETTINGS,
      after: input,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return loadRatingSettings(database, tenantId);
}

export async function getPopulations(database: Database, context: AuthContext) {
  readerOf(context, undefined);
  const items = await repository.listPopulations(database.pool, [context.tenant.id]);
  return { items: items.map(({ territory, population }) => ({ territory, population })) };
}

export async function updatePopulations(
  database: Database,
  context: AuthContext,
  items: Array<{ territory: string; population: number }>,
  origin: { ipAddress: string; requestId: string },
) {
  const tenantId = manageTenantOf(context);
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.territory)) {
      throw new AppError('VALIDATION_FAILED', `Территория «${item.territory}» указана дважды.`, [
        { field: `items.${index}.territory`, message: 'Повтор' },
      ]);
    }
    seen.add(item.territory);
  }
  await withTransaction(database.pool, async (client) => {
    const before = await repository.listPopulations(client, [tenantId]);
    await repository.replacePopulations(client, tenantId, items, context.userId);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'analytics.populations_updated',
      objectType: 'territory_populations',
      objectId: tenantId,
      before: before.map(({ territory, population }) => ({ territory, population })),
      after: items,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return getPopulations(database, context);
}

// ---- custom slices and workload ----

export async function computeSlice(
  database: Database,
  resolved: ResolvedFilter,
  definition: SliceDefinition,
): Promise<Slice> {
  await refreshCaseMeasures(database.pool);
  const cells = await repository.countSlice(database.pool, resolved.scope, {
    ...definition,
    isRegion: resolved.reader.isRegion,
    timezone: resolved.reader.timezone,
  });
  const collator = new Intl.Collator('ru', { numeric: true });
  const present = (value: string, dimension: SliceDefinition['rows']) =>
    dimension === 'channel'
      ? (CHANNEL_TITLES[value as Channel] ?? value)
      : dimension === 'status'
        ? (CASE_STATUS_TITLES[value as CaseStatus] ?? value)
        : value;
  const shown = cells.map((cell) => ({
    row: present(cell.row ?? '—', definition.rows),
    column: present(cell.column ?? '—', definition.columns),
    value: cell.value === null ? null : Number(cell.value),
  }));
  return {
    definition,
    rows: [...new Set(shown.map((cell) => cell.row))].sort(collator.compare),
    columns: [...new Set(shown.map((cell) => cell.column))].sort(collator.compare),
    cells: shown,
  };
}

export async function listSavedSlices(database: Database, context: AuthContext) {
  readerOf(context, undefined);
  const rows = await repository.listSlices(database.pool, context.tenant.id, context.userId);
  return rows.flatMap((row) => {
    const definition = SliceDefinitionSchema.safeParse(row.definition);
    return definition.success
      ? [{ id: row.id, name: row.name, definition: definition.data, createdAt: new Date(row.createdAt).toISOString() }]
      : [];
  });
}

export async function saveSlice(
  database: Database,
  context: AuthContext,
  input: { name: string; definition: SliceDefinition },
) {
  readerOf(context, undefined);
  await repository.insertSlice(database.pool, { tenantId: context.tenant.id, userId: context.userId, ...input });
  return listSavedSlices(database, context);
}

export async function removeSlice(database: Database, context: AuthContext, id: string) {
  readerOf(context, undefined);
  if (!(await repository.deleteSlice(database.pool, context.tenant.id, context.userId, id))) {
    throw notFound('Разрез не найден.');
  }
  return listSavedSlices(database, context);
}

export async function computeWorkload(database: Database, resolved: ResolvedFilter): Promise<Workload> {
  await refreshCaseMeasures(database.pool);
  const { scope, reader, period } = resolved;
  const [blocks, blocksOpen, executors, executorsOpen] = await Promise.all([
    repository.countWorkloadByBlock(database.pool, scope),
    repository.countOpenByBlock(database.pool, reader.tenantIds),
    repository.countWorkloadByExecutor(database.pool, scope),
    repository.countOpenByExecutor(database.pool, reader.tenantIds),
  ]);
  const figures = (
    row: repository.WorkloadRow | undefined,
    open: { openNow: number; overdueNow: number } | undefined,
  ) => ({
    received: row?.received ?? 0,
    answered: row?.answered ?? 0,
    openNow: open?.openNow ?? 0,
    overdueNow: open?.overdueNow ?? 0,
    onTimeShare: row ? share(row.answeredOnTime, row.answeredOnTime + row.late) : null,
    medianAnswerHours: row?.medianAnswerMinutes == null ? null : hours(Number(row.medianAnswerMinutes)),
  });
  const openOfBlock = new Map(blocksOpen.map((row) => [row.key, row]));
  const executorKeys = new Map<string | null, string>();
  for (const row of [...executors, ...executorsOpen]) executorKeys.set(row.key, row.name ?? 'Исполнитель не назначен');
  return {
    period,
    blocks: blocks.map((row) => ({
      id: row.key ?? '',
      name: row.name,
      topics: row.topics,
      leaderName: row.leaderName,
      ...figures(row, openOfBlock.get(row.key ?? '')),
    })),
    executors: [...executorKeys]
      .map(([key, name]) => ({
        id: key,
        name,
        ...figures(
          executors.find((row) => row.key === key),
          executorsOpen.find((row) => row.key === key),
        ),
      }))
      .sort((left, right) => right.openNow - left.openNow || right.received - left.received),
  };
}
