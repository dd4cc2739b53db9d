import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PoolClient } from 'pg';
import type { CaseStatus, Channel } from '../../../shared/channels.js';
import type { UploadImportFormat } from '../../../shared/contracts/intake.contract.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { findWorkflow } from '../../../shared/workflow/index.js';
import { formatInstantInZone } from '../../../shared/working-time/index.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { createOrderedUuidGenerator } from '../../platform/db/ordered-uuid.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import {
  findExistingExternalIds,
  hasCasesOfChannel,
  type ImportedCaseBatch,
  ImportedCaseBatchBuilder,
  type ImportedCaseEventRow,
  type ImportedCaseTimerRow,
  insertImportedCaseBatch,
  lockCaseNumberCounter,
  type NumberedImportedCaseRow,
  setCaseNumberCounters,
} from '../cases/index.js';
import { findTenantById, listRecipients } from '../organization/index.js';
import { type CaseRouting, describeRouting, loadTenantRouter, type TenantRouter } from '../routing/index.js';
import {
  findRubricatorByCode,
  type RubricatorItemInput,
  type RubricatorSource,
  upsertRubricator,
  upsertRubricatorItems,
} from '../rubricators/index.js';
import { loadImportedCaseTimerPlanner } from '../sla/index.js';
import {
  type ImportFormat,
  type ImportOutcome,
  type ImportRecord,
  insertImportRecord,
  listImportRecords,
  MAX_STORED_REJECTIONS,
} from './intake.repository.js';
import {
  IMPORT_CHUNK_CASES,
  type ImportChunk,
  type ImportInput,
  type ImportSource,
  readImportTable,
} from './intake-files.js';
import { IMPORT_ACTOR_ROLE, type ImportedCase, pluralRu, type RejectedLine } from './intake-record.js';

/** The rubricator an importer files categories into (level 1 category, level 2 subcategory). */
export type ImportRubricator = { code: string; name: string; source: RubricatorSource };

export type ImportActor = {
  userId: string | null;
  /** A login, or «CLI (user@host)». */
  label: string;
  ipAddress?: string | null;
  requestId?: string | null;
};

type ImportRequestBase = {
  tenant: { id: string; slug: string; timezone: string };
  format: ImportFormat;
  fileName: string;
  /** Write the valid lines even when some are rejected. */
  skipInvalid: boolean;
  actor: ImportActor;
  startedAt: Date;
  /** After each batch: how far the file is read (bytes as stored) and how many cases are written. */
  onProgress?: (progress: { bytesRead: number; totalBytes: number; created: number }) => void;
};

/** What to import: a source read batch by batch (a file), or everything already read (an upload, tests). */
export type ImportRequest = ImportRequestBase & ({ source: ImportSource } | ImportInput);

export type ImportReport = {
  importId: string;
  format: ImportFormat;
  fileName: string;
  tenant: string;
  outcome: ImportOutcome;
  totalLines: number;
  created: number;
  present: number;
  rejectedCount: number;
  /** The first rejected lines with reasons, in line order. */
  rejected: RejectedLine[];
  newRecipients: number;
  newRubrics: number;
  timers: number;
  /** New cases a routing rule or a topic's default recipient routed. */
  routed: number;
  seconds: number;
};

/** `OTKLIK_IMPORT_TRACE=1`: time and CPU of the process (PGlite's worker included) per step, on stderr. */
const trace = (label: string, since: number) => {
  if (process.env.OTKLIK_IMPORT_TRACE) {
    const cpu = process.cpuUsage();
    process.stderr.write(
      `[trace] ${label}: ${Date.now() - since} ms; CPU всего ${((cpu.user + cpu.system) / 1e6).toFixed(1)} с\n`,
    );
  }
  return Date.now();
};

type WriteCounts = { newRecipients: number; newRubrics: number; timers: number; routed: number };

/** How one pass over the input ended. */
type WriteOutcome =
  | { kind: 'written'; record: ImportRecord; rejected: RejectedLine[]; counts: WriteCounts }
  | { kind: 'rejected'; rejected: RejectedLine[]; totalLines: number }
  /** A new case came earlier than one already written: numbers would not follow receipt. */
  | { kind: 'out-of-order' };

/**
 * Writes what an importer reads: all of it in one transaction (cases, timelines, recipients, rubrics,
 * timers, the import journal row and its audit row), or — when lines were rejected and `skipInvalid` is
 * off — nothing but the journal row of the rejected run. Cases the tenant already has by (channel,
 * external id), and repeats inside the file, count as present and are not touched.
 *
 * New cases are numbered per year in the order of receipt. A file is written while it is read, batch by
 * batch, as long as its new cases come in that order (exports usually do); the first case out of order
 * rolls the pass back, and the file is read again whole, sorted and written (ADR 0010).
 */
export async function runImport(database: Database, request: ImportRequest): Promise<ImportReport> {
  let outcome: WriteOutcome;
  if ('source' in request) {
    outcome = await writeImport(database, request, request.source.rubricator, request.source.read());
    if (outcome.kind === 'out-of-order') {
      trace('out of order: second pass, sorted', Date.now());
      outcome = await writeImport(database, request, request.source.rubricator, sortedChunks(request.source.read()));
    }
  } else {
    const chunk: ImportChunk = {
      cases: request.cases,
      rejected: request.rejected,
      lines: request.totalLines,
      bytesRead: 0,
      totalBytes: 0,
    };
    outcome = await writeImport(database, request, request.rubricator, sortedChunks([chunk]));
  }
  if (outcome.kind === 'out-of-order') throw new Error('runImport: sorted pass came out of order');
  if (outcome.kind === 'rejected') {
    const { rejected, totalLines } = outcome;
    const record = await withTransaction(database.pool, (client) =>
      journal(client, request, { outcome: 'rejected', totalLines, created: 0, present: 0, rejected }),
    );
    return buildReport(request, record, rejected, { newRecipients: 0, newRubrics: 0, timers: 0, routed: 0 });
  }
  return buildReport(request, outcome.record, outcome.rejected, outcome.counts);
}

/**
 * The input whole, repeats inside it dropped (the first line wins), new and old sorted by receipt (then
 * line), in batches; every rejected line comes with the first batch.
 */
async function* sortedChunks(chunks: AsyncIterable<ImportChunk> | Iterable<ImportChunk>): AsyncGenerator<ImportChunk> {
  const seen = new Set<string>();
  const unique: ImportedCase[] = [];
  const rejected: RejectedLine[] = [];
  let lines = 0;
  let bytes = { bytesRead: 0, totalBytes: 0 };
  let repeats = 0;
  for await (const chunk of chunks) {
    for (const item of chunk.cases) {
      const key = caseKey(item);
      if (seen.has(key)) {
        repeats += 1;
        continue;
      }
      seen.add(key);
      unique.push(item);
    }
    rejected.push(...chunk.rejected);
    lines = Math.max(lines, chunk.lines);
    bytes = { bytesRead: chunk.bytesRead, totalBytes: chunk.totalBytes };
  }
  unique.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.line - b.line);
  for (let start = 0; start === 0 || start < unique.length; start += IMPORT_CHUNK_CASES) {
    yield {
      cases: unique.slice(start, start + IMPORT_CHUNK_CASES),
      rejected: start === 0 ? rejected : [],
      lines,
      ...bytes,
      repeats: start === 0 ? repeats : 0,
    };
  }
}

/**
 * Asks for the next batch as soon as one is handed out, so the file is read and parsed while the
 * database writes the batch before it (the writer waits on the database, the reader runs meanwhile).
 */
async function* readAhead<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      yield result.value;
    }
  } finally {
    // Stopped early (rolled back): let the read in progress end quietly and close the file.
    void next
      .then(
        () => iterator.return?.(),
        () => undefined,
      )
      .catch(() => undefined);
  }
}

/** A client whose queries run one after another in the order asked, each sent when the one before ends. */
function queueQueries(client: PoolClient): Queryable {
  let tail: Promise<unknown> = Promise.resolve();
  const query = (text: string, values?: unknown[]) => {
    const result = tail.then(() => client.query(text, values));
    tail = result.catch(() => undefined);
    return result;
  };
  return { query } as unknown as Queryable;
}

function caseKey(item: ImportedCase): string {
  return `${item.channel}\u0000${item.externalId}`;
}

/**
 * One pass: a transaction, the batches written as they come. Rejected lines without `skipInvalid` roll it
 * back at once; reading goes on to the end so that every rejected line is reported.
 */
async function writeImport(
  database: Database,
  request: ImportRequest,
  rubricator: ImportRubricator,
  chunks: AsyncIterable<ImportChunk>,
): Promise<WriteOutcome> {
  const client = await database.pool.connect();
  let isOpen = false;
  try {
    await client.query('begin');
    isOpen = true;
    let mark = Date.now();
    const writer = await ImportWriter.open(client, request);
    mark = trace(
      `prepare (router, timers, recipients; ${mark - request.startedAt.getTime()} ms since the start)`,
      mark,
    );
    const rejected: RejectedLine[] = [];
    let totalLines = 0;
    for await (const chunk of readAhead(chunks)) {
      totalLines = Math.max(totalLines, chunk.lines);
      rejected.push(...chunk.rejected);
      if (rejected.length > 0 && !request.skipInvalid) {
        if (isOpen) {
          isOpen = false;
          await writer.settle().catch(() => {});
          await client.query('rollback');
        }
        continue;
      }
      if (!(await writer.write(chunk))) {
        isOpen = false;
        await writer.settle().catch(() => {});
        await client.query('rollback');
        return { kind: 'out-of-order' };
      }
      request.onProgress?.({ bytesRead: chunk.bytesRead, totalBytes: chunk.totalBytes, created: writer.sent });
    }
    mark = trace(`read and sent (${writer.describeTimes()})`, mark);
    if (!isOpen) return { kind: 'rejected', rejected, totalLines };
    const counts = await writer.finish(rubricator);
    mark = trace('rest of the batches, rubrics, counters', mark);
    const record = await journal(client, request, {
      outcome: rejected.length > 0 ? 'completed_with_rejections' : 'completed',
      totalLines,
      created: writer.created,
      present: writer.valid - writer.created,
      rejected,
    });
    await client.query('commit');
    isOpen = false;
    trace('commit', mark);
    return { kind: 'written', record, rejected, counts };
  } catch (error) {
    if (isOpen) await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Cases built and serialised between two turns of the event loop (a few milliseconds): a statement of megabytes
 * goes out through the socket's buffer (a couple of hundred kilobytes) one turn at a time, so longer pieces of
 * work here kept the database waiting for the rest of it — with PGlite, its thread was idle ~4 s of a 20 s import
 * with 250 cases a piece, ~2.7 s with 50.
 */
const PREPARE_SLICE_CASES = 50;

/** A batch built: what is sent, and what the writer takes over when it is. */
type PreparedBatch = {
  batch: ImportedCaseBatch;
  routedIds: Set<string>;
  lastNumbers: Map<number, number>;
  newRecipients: Array<{ id: string; kind: RecipientKind; name: string }>;
  milliseconds: number;
};

/**
 * Writes batches of an import inside its transaction. A batch is checked against the cases the tenant has
 * (one query, asked before the batch built last is sent; none in a channel the tenant had no case of when the
 * import began), then its new cases — with ids and numbers chosen here, routing, planned due times, timelines,
 * timers and the new recipients they refer to — go in one statement sent without waiting: while the database
 * writes it, the next batch is read and, when this one was all new, built ahead. One connection keeps the
 * order, and the first failure is the one reported.
 */
class ImportWriter {
  /** Valid cases handed over (repeats inside the file included). */
  valid = 0;
  /** New cases sent / written. */
  sent = 0;
  created = 0;
  private timers = 0;
  private routed = 0;
  private newRecipients = 0;
  private readonly seen = new Set<string>();
  private readonly rubrics = new Map<string, RubricatorItemInput>();
  /** Year → the last number given (counter row locked). */
  private lastNumbers = new Map<number, number>();
  /** The batch before had only new cases: the next is built while its check runs. */
  private isAllFresh = false;
  private lastReceivedAt = Number.NEGATIVE_INFINITY;
  private readonly pending: Array<Promise<unknown>> = [];
  /** Channel → whether the tenant had cases of it when the import began (asked once, on the first batch). */
  private readonly channelHasCases = new Map<Channel, boolean>();
  /** The batch built last, sent after the next check (`write`) or at the end (`finish`). */
  private held: PreparedBatch | null = null;
  private failure: unknown = null;
  private readonly times = { waited: 0, prepared: 0, batches: 0, guessed: 0 };
  /** Case ids in the order of writing: new keys at the right edge of the indexes they lead. */
  private readonly nextId = createOrderedUuidGenerator();
  /** The transaction's queries, one after another (pg's own queue of a busy client is deprecated). */
  private readonly client: Queryable;

  private constructor(
    client: PoolClient,
    private readonly request: ImportRequest,
    private readonly router: TenantRouter,
    private readonly planTimers: Awaited<ReturnType<typeof loadImportedCaseTimerPlanner>>,
    private readonly recipientIds: Map<string, string>,
  ) {
    this.client = queueQueries(client);
  }

  static async open(client: PoolClient, request: ImportRequest): Promise<ImportWriter> {
    // Long texts (the case, answers in the lifecycle and timeline) are compressed by TOAST: with lz4 where
    // the server is built with it (several times cheaper than pglz), for this transaction only.
    await client.query(
      `select set_config('default_toast_compression', 'lz4', true) from pg_settings
        where name = 'default_toast_compression' and 'lz4' = any(enumvals)`,
    );
    // Batches bind arrays of megabytes: a custom plan would fold each into a constant and copy it with the
    // query tree while planning; the generic plan reads the parameters where they are (its estimates know
    // nothing of their sizes, and need not: the timeline hashes the batch's new cases whatever the counts).
    await client.query(`select set_config('plan_cache_mode', 'force_generic_plan', true)`);
    // A batch's timeline (ten thousand entries, answers in them) is sorted into the given order, and the new cases
    // are kept for the statement trigger of open counts: with the default 4 MB both spilled to temporary files
    // (about 4 MB each per batch), in memory they do not.
    await client.query(`select set_config('work_mem', '64MB', true)`);
    // Routing rules in batch: the tenant's rules compiled once, evaluated in memory for every new case.
    const router = await loadTenantRouter(client, request.tenant);
    const planTimers = await loadImportedCaseTimerPlanner(client, request.tenant);
    const recipientIds = new Map<string, string>();
    for (const recipient of await listRecipients(client, [request.tenant.id])) {
      recipientIds.set(foldName(recipient.name), recipient.id);
    }
    return new ImportWriter(client, request, router, planTimers, recipientIds);
  }

  describeTimes(): string {
    return `waiting for the database ${this.times.waited} ms, preparing batches ${this.times.prepared} ms; batches ${this.times.batches}, built before their check ${this.times.guessed}`;
  }

  /** Writes a batch; false when a new case is earlier than one already written (nothing sent then). */
  async write(chunk: ImportChunk): Promise<boolean> {
    const tenantId = this.request.tenant.id;
    this.valid += chunk.cases.length + (chunk.repeats ?? 0);
    const unique: ImportedCase[] = [];
    for (const item of chunk.cases) {
      const key = caseKey(item);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      unique.push(item);
      collectRubrics(this.rubrics, item);
    }
    const since = Date.now();
    // The check is asked before the batch built last is sent, so the connection runs: batch before it, this
    // check, that batch. The check answers while the database writes that batch, and this batch is built and
    // held by the time it ends: the database goes from statement to statement without waiting for the client.
    // The check cannot miss a case of the batches not yet written: repeats inside the input are dropped above,
    // and a case another writer registers meanwhile is skipped by the batch's statement. A channel the tenant
    // had no case of when the import began needs no check at all: its batches are sent as soon as built.
    // Meanwhile the batch is built on the guess that all of it is new — true of every batch of a file's first
    // import — whenever the batch before was all new, instead of after the check answers.
    const check = this.filterExisting(unique);
    this.sendHeld();
    const guess = this.isAllFresh ? await this.prepareGuess(unique) : null;
    const fresh = await this.wait(check);
    for (const item of fresh) {
      const at = item.receivedAt.getTime();
      if (at < this.lastReceivedAt) return false;
      this.lastReceivedAt = at;
    }
    this.isAllFresh = fresh.length > 0 && fresh.length === unique.length;
    if (fresh.length === 0) {
      this.times.waited += Date.now() - since - (guess?.milliseconds ?? 0);
      return true;
    }
    let prepared = guess && fresh.length === unique.length ? guess : null;
    if (!prepared) {
      for (const year of new Set(fresh.map((item) => this.yearOf(item)))) {
        if (!this.lastNumbers.has(year)) {
          this.lastNumbers.set(year, await this.wait(lockCaseNumberCounter(this.client, tenantId, year)));
        }
      }
      prepared = await this.prepare(fresh);
    }
    // Building time counts a guess thrown away too; the rest of the time since the check is waiting.
    const built = prepared.milliseconds + (guess && guess !== prepared ? guess.milliseconds : 0);
    this.times.batches += 1;
    if (prepared === guess) this.times.guessed += 1;
    this.times.prepared += built;
    this.times.waited += Date.now() - since - built;
    this.lastNumbers = prepared.lastNumbers;
    const { newRecipients } = prepared;
    // Their ids were chosen here; the batch's statement writes them with the cases that refer to them.
    for (const recipient of newRecipients) this.recipientIds.set(foldName(recipient.name), recipient.id);
    this.newRecipients += newRecipients.length;
    this.sent += prepared.batch.ids.length;
    // Held until the next batch's check is asked (or the input ends): the check goes first, so it answers while
    // the database writes this batch, and the next statement is ready when this one ends (see `write`).
    this.held = prepared;
    if (unique.every((item) => this.channelHasCases.get(item.channel) === false)) this.sendHeld();
    return true;
  }

  /** Sends the batch built and held, if any. */
  private sendHeld(): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    const { routedIds } = held;
    this.send(
      insertImportedCaseBatch(this.client, this.request.tenant.id, held.batch).then(
        ({ created, skippedIds, timers }) => {
          this.created += created;
          this.timers += timers;
          this.routed += routedIds.size - skippedIds.filter((id) => routedIds.has(id)).length;
        },
      ),
    );
  }

  /**
   * The batch built before its check answers, when that needs no query: every case in receipt order after
   * the last one written, its year's number counter already locked.
   */
  private async prepareGuess(cases: readonly ImportedCase[]): Promise<PreparedBatch | null> {
    let last = this.lastReceivedAt;
    for (const item of cases) {
      const at = item.receivedAt.getTime();
      if (at < last || !this.lastNumbers.has(this.yearOf(item))) return null;
      last = at;
    }
    return this.prepare(cases);
  }

  /**
   * New cases with ids and numbers (counters of their years locked), routing, planned due times and
   * timelines, serialised; the numbers used go into `lastNumbers` of the answer, not yet the writer's.
   */
  private async prepare(fresh: readonly ImportedCase[]): Promise<PreparedBatch> {
    let milliseconds = 0;
    let since = performance.now();
    const lastNumbers = new Map(this.lastNumbers);
    const builder = new ImportedCaseBatchBuilder();
    let rows: NumberedImportedCaseRow[] = [];
    let events: ImportedCaseEventRow[] = [];
    let timers: ImportedCaseTimerRow[] = [];
    const routedIds = new Set<string>();
    // The answering organisations that are not yet recipients of the tenant (matched by name, case and «ё»
    // folded), with ids chosen here.
    const newRecipients = new Map<string, { id: string; kind: RecipientKind; name: string }>();
    const recipientIdOf = (name: string): string => {
      const key = foldName(name);
      const known = this.recipientIds.get(key) ?? newRecipients.get(key)?.id;
      if (known) return known;
      const recipient = { id: randomUUID(), kind: guessRecipientKind(name), name };
      newRecipients.set(key, recipient);
      return recipient.id;
    };
    for (const item of fresh) {
      const id = this.nextId();
      const year = this.yearOf(item);
      const value = (lastNumbers.get(year) ?? 0) + 1;
      lastNumbers.set(year, value);
      const routing = routeImported(this.router, item);
      const outcome = routing.outcome;
      const workflow = findWorkflow(item.channel, item.kind);
      const state = workflow.states.find((candidate) => candidate.code === item.state);
      const category = outcome.category ?? item.category;
      const isFastTrack = outcome.isFastTrack ?? item.isFastTrack;
      const plan = this.planTimers({
        channel: item.channel,
        kind: item.kind,
        category,
        isFastTrack,
        receivedAt: item.receivedAt,
        isOpen: !(state?.isFinal ?? false),
      });
      const sourceRecipientId = item.recipientName ? recipientIdOf(item.recipientName) : null;
      rows.push({
        id,
        number: `${year}-${String(value).padStart(6, '0')}`,
        channel: item.channel,
        kind: item.kind,
        externalId: item.externalId,
        status: (state?.group ?? 'new') as CaseStatus,
        workflowId: workflow.id,
        state: item.state,
        result: item.result,
        rating: item.rating,
        reopenCount: item.reopenCount,
        lifecycle: item.lifecycle,
        text: item.text,
        category,
        subcategory: outcome.subcategory ?? item.subcategory,
        address: item.address,
        district: item.district,
        latitude: item.latitude,
        longitude: item.longitude,
        applicantName: item.applicantName,
        // The organisation that answered is a fact of the history: it wins over a rule's recipient.
        recipientId: sourceRecipientId ?? outcome.recipientId ?? routing.defaultRecipientId ?? null,
        executorId: outcome.executorId ?? null,
        priority: outcome.priority ?? 'normal',
        tags: outcome.tags,
        isFastTrack,
        receivedAt: item.receivedAt,
        dueAt: plan.dueAt,
        closedAt: item.closedAt,
      });
      const isRouted = routing.fired.length > 0 || routing.defaultRecipientId !== null;
      if (isRouted) routedIds.add(id);
      item.events.forEach((event, eventIndex) => {
        events.push({
          caseId: id,
          action: event.action,
          actorRole: IMPORT_ACTOR_ROLE,
          fromState: event.fromState,
          toState: event.toState,
          payload: event.payload,
          createdAt: event.at,
        });
        // «Автоправила» right after the registration entry, at the moment of receipt, as live channels write it.
        if (eventIndex === 0 && isRouted) events.push(routedEvent(id, routing, item.receivedAt));
      });
      if (item.events.length === 0 && isRouted) events.push(routedEvent(id, routing, item.receivedAt));
      for (const timer of plan.timers) timers.push({ ...timer, caseId: id });
      if (rows.length === PREPARE_SLICE_CASES) {
        // A slice at a time, letting the event loop turn in between: the answer of the batch the database is
        // writing is taken at once and the next statement sent, instead of after the whole batch is built.
        builder.add(rows, events, timers);
        rows = [];
        events = [];
        timers = [];
        milliseconds += performance.now() - since;
        await nextTurn();
        since = performance.now();
      }
    }
    if (rows.length > 0) builder.add(rows, events, timers);
    const batch = builder.finish([...newRecipients.values()]);
    milliseconds += performance.now() - since;
    return {
      batch,
      routedIds,
      lastNumbers,
      newRecipients: [...newRecipients.values()],
      milliseconds: Math.round(milliseconds),
    };
  }

  /** Waits for the batches sent; rubrics of the whole input, the number counters. */
  async finish(rubricator: ImportRubricator): Promise<WriteCounts> {
    this.sendHeld();
    await this.settle();
    const newRubrics = await fileRubrics(this.client, this.request.tenant.id, rubricator, this.rubrics);
    await setCaseNumberCounters(this.client, this.request.tenant.id, this.lastNumbers);
    return { newRecipients: this.newRecipients, newRubrics, timers: this.timers, routed: this.routed };
  }

  /** Waits for every statement sent; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
    this.pending.length = 0;
    if (this.failure) throw this.failure;
  }

  private send(statement: Promise<unknown>): void {
    this.pending.push(
      statement.catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  /** A query behind the statements sent: a failure of theirs (which aborts the transaction) comes first. */
  private async wait<T>(query: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await query;
    } catch (error) {
      await Promise.allSettled(this.pending);
      throw this.failure ?? error;
    }
    // The connection answers in order: everything sent before this query has finished (and succeeded); a
    // batch sent after it (the held one) may still be running, so `settle` is what empties the list.
    return result;
  }

  /** The year of a number: the local year of receipt in the tenant's zone, as the case card shows it. */
  private yearOf(item: ImportedCase): number {
    return Number(formatInstantInZone(item.receivedAt, this.request.tenant.timezone).slice(0, 4));
  }

  /**
   * The cases the tenant does not have yet. The queries are asked at once (before `write` sends the held batch),
   * but for a channel met for the first time, which is asked about first.
   */
  private async filterExisting(cases: ImportedCase[]): Promise<ImportedCase[]> {
    const tenantId = this.request.tenant.id;
    const lookups = [...new Set(cases.map((item) => item.channel))].map((channel) => {
      const ofChannel = cases.filter((item) => item.channel === channel);
      const externalIds = () => ofChannel.map((item) => item.externalId);
      const hasCases = this.channelHasCases.get(channel);
      const existing =
        hasCases === false
          ? Promise.resolve(new Set<string>())
          : hasCases === true
            ? findExistingExternalIds(this.client, tenantId, channel, externalIds())
            : hasCasesOfChannel(this.client, tenantId, channel).then((found) => {
                this.channelHasCases.set(channel, found);
                return found
                  ? findExistingExternalIds(this.client, tenantId, channel, externalIds())
                  : new Set<string>();
              });
      return { ofChannel, existing };
    });
    const found = await Promise.all(lookups.map((lookup) => lookup.existing));
    const fresh: ImportedCase[] = [];
    lookups.forEach(({ ofChannel }, index) => {
      const existing = found[index] as Set<string>;
      for (const item of ofChannel) if (!existing.has(item.externalId)) fresh.push(item);
    });
    if (fresh.length === cases.length) return cases;
    // Back in file order (a batch may mix channels).
    const isFresh = new Set(fresh);
    return cases.filter((item) => isFresh.has(item));
  }
}

async function journal(
  client: Queryable,
  request: ImportRequest,
  counts: { outcome: ImportOutcome; totalLines: number; created: number; present: number; rejected: RejectedLine[] },
): Promise<ImportRecord> {
  const rejected = [...counts.rejected].sort((a, b) => a.line - b.line);
  const record = await insertImportRecord(client, {
    tenantId: request.tenant.id,
    format: request.format,
    fileName: request.fileName,
    actorUserId: request.actor.userId,
    actorLabel: request.actor.label,
    outcome: counts.outcome,
    totalLines: counts.totalLines,
    createdCount: counts.created,
    presentCount: counts.present,
    rejectedCount: rejected.length,
    rejectedLines: rejected,
    startedAt: request.startedAt,
    options: { skipInvalid: request.skipInvalid },
  });
  await recordAudit(client, {
    tenantId: request.tenant.id,
    actorUserId: request.actor.userId,
    action: 'intake.import',
    objectType: 'intake_import',
    objectId: record.id,
    after: {
      format: request.format,
      fileName: request.fileName,
      outcome: counts.outcome,
      created: counts.created,
      present: counts.present,
      rejected: counts.rejected.length,
    },
    details: { actor: request.actor.label },
    ipAddress: request.actor.ipAddress ?? null,
    requestId: request.actor.requestId ?? null,
  });
  return record;
}

function buildReport(
  request: ImportRequest,
  record: ImportRecord,
  rejected: readonly RejectedLine[],
  extra: WriteCounts,
): ImportReport {
  return {
    importId: record.id,
    format: request.format,
    fileName: request.fileName,
    tenant: request.tenant.slug,
    outcome: record.outcome,
    totalLines: record.totalLines,
    created: record.createdCount,
    present: record.presentCount,
    rejectedCount: record.rejectedCount,
    rejected: [...rejected].sort((a, b) => a.line - b.line).slice(0, MAX_STORED_REJECTIONS),
    newRecipients: extra.newRecipients,
    newRubrics: extra.newRubrics,
    timers: extra.timers,
    routed: extra.routed,
    seconds: (Date.now() - request.startedAt.getTime()) / 1000,
  };
}

/** What the tenant's routing rules decide for an imported case (its source fields as the rules see them). */
function routeImported(router: Awaited<ReturnType<typeof loadTenantRouter>>, item: ImportedCase): CaseRouting {
  return router.route({
    channel: item.channel,
    kind: item.kind,
    text: item.text,
    category: item.category,
    subcategory: item.subcategory,
    district: item.district,
    address: item.address,
    latitude: item.latitude,
    longitude: item.longitude,
    receivedAt: item.receivedAt.getTime(),
    priority: 'normal',
    applicantType: 'unknown',
  });
}

function routedEvent(caseId: string, routing: CaseRouting, at: Date): ImportedCaseEventRow {
  return {
    caseId,
    action: 'routed',
    actorRole: null,
    fromState: null,
    toState: null,
    payload: describeRouting(routing),
    createdAt: at,
  };
}

const foldedNames = new Map<string, string>();

/** A name for matching: lower case, «ё» as «е», single spaces (remembered: imports repeat a few names). */
export function foldName(name: string): string {
  let folded = foldedNames.get(name);
  if (folded === undefined) {
    folded = name.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
    if (foldedNames.size >= 10_000) foldedNames.clear();
    foldedNames.set(name, folded);
  }
  return folded;
}

/** Categories as level 1, subcategories as level 2 of the rubricator; codes are the folded names. */
function collectRubrics(items: Map<string, RubricatorItemInput>, item: ImportedCase): void {
  if (!item.category) return;
  const categoryCode = foldName(item.category);
  if (!items.has(categoryCode)) {
    items.set(categoryCode, {
      code: categoryCode,
      name: item.category,
      parentCode: null,
      description: null,
      level: 1,
      sortOrder: 0,
    });
  }
  if (!item.subcategory) return;
  const code = `${categoryCode} / ${foldName(item.subcategory)}`;
  if (!items.has(code)) {
    items.set(code, {
      code,
      name: item.subcategory,
      parentCode: categoryCode,
      description: null,
      level: 2,
      sortOrder: 0,
    });
  }
}

/** Files the collected rubrics into the rubricator (created on first use), sorted by name. */
async function fileRubrics(
  client: Queryable,
  tenantId: string,
  rubricator: ImportRubricator,
  items: ReadonlyMap<string, RubricatorItemInput>,
): Promise<number> {
  if (items.size === 0) return 0;
  const collator = new Intl.Collator('ru');
  const sorted = [...items.values()].map((item) => ({ ...item })).sort((a, b) => collator.compare(a.name, b.name));
  sorted.forEach((item, index) => {
    item.sortOrder = index;
  });
  const target =
    (await findRubricatorByCode(client, tenantId, rubricator.code)) ??
    (await upsertRubricator(client, { tenantId, ...rubricator }));
  const { inserted } = await upsertRubricatorItems(client, tenantId, target.id, sorted);
  return inserted;
}

/** The kind of an organisation from its name: administrations, their departments, institutions. */
type RecipientKind = 'administration' | 'department' | 'institution';

export function guessRecipientKind(name: string): RecipientKind {
  const folded = foldName(name);
  if (/^(администрация|правительство|мэрия)\b/.test(folded)) return 'administration';
  if (/^(комитет|управление|департамент|отдел|министерство|служба|инспекция)\b/.test(folded)) return 'department';
  return 'institution';
}

// ── Uploads through the API (ПОС and ИМ exports) ────────────────────────────────────────────────────

const UPLOAD_PERMISSION: Record<UploadImportFormat, Permission> = {
  pos: 'intake.import_pos',
  im: 'intake.import_im',
};

export type UploadRequest = {
  format: UploadImportFormat;
  fileName: string;
  content: Buffer;
  skipInvalid: boolean;
  tenantId?: string;
};

/**
 * Imports an uploaded export for the caller's municipality (or a visible municipality named by a region
 * user). A run with rejected lines and no `skipInvalid` writes nothing and answers 422 with the report.
 */
export async function importUpload(
  database: Database,
  context: AuthContext,
  upload: UploadRequest,
  origin: { ipAddress: string; requestId: string },
): Promise<ImportReport> {
  if (!hasPermission(context.roles, UPLOAD_PERMISSION[upload.format])) throw forbidden();
  const tenant = await resolveUploadTenant(database, context, upload.tenantId);
  const startedAt = new Date();
  const input = await readImportTable(upload.format, upload.fileName, upload.content, { timeZone: tenant.timezone });
  const report = await runImport(database, {
    tenant,
    format: upload.format,
    fileName: upload.fileName.slice(0, 255) || 'без имени',
    cases: input.cases,
    rejected: input.rejected,
    totalLines: input.totalLines,
    skipInvalid: upload.skipInvalid,
    rubricator: input.rubricator,
    // The journal's «Кто»: the person as the МЦУ knows them, and the login that tells namesakes apart. A snapshot:
    // the run stays theirs if the account is renamed later.
    actor: {
      userId: context.userId,
      label: `${context.fullName} (${context.login})`,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    },
    startedAt,
  });
  if (report.outcome === 'rejected') {
    throw new AppError(
      'IMPORT_REJECTED',
      `Файл не загружен: ${report.rejectedCount} ${pluralRu(report.rejectedCount, 'строка', 'строки', 'строк')} с ошибками, ничего не записано. Исправьте их или включите «Пропустить ошибочные строки».`,
      report.rejected.slice(0, 20).map((item) => ({
        field: item.line > 0 ? `строка ${item.line}` : 'file',
        message: item.message,
      })),
      undefined,
      { report },
    );
  }
  return report;
}

async function resolveUploadTenant(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
): Promise<{ id: string; slug: string; timezone: string }> {
  const id = tenantId ?? context.tenant.id;
  if (!context.visibleTenantIds.includes(id)) throw notFound('Муниципалитет не найден или недоступен.');
  const tenant = await findTenantById(database.pool, id);
  if (!tenant) throw notFound('Муниципалитет не найден или недоступен.');
  if (tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Выгрузку загружают в муниципалитет: выберите его.', [
      { field: 'tenantId', message: 'Нужен муниципалитет' },
    ]);
  }
  return tenant;
}

/** The journal of imports of the visible tenants, newest first. */
export async function listImports(database: Database, context: AuthContext): Promise<ImportRecord[]> {
  if (!hasPermission(context.roles, 'intake.import_pos') && !hasPermission(context.roles, 'intake.import_im')) {
    throw forbidden();
  }
  return listImportRecords(database.pool, context.visibleTenantIds, 50);
}
