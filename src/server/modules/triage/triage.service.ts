import type {
  ApplySuggestionInput,
  CaseSuggestions,
  HeldOutMetricsView,
  TriageModelView,
  TriageSettings,
  TriageSuggestion,
  TriageTarget,
} from '../../../shared/contracts/triage.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { findReadableCase, insertCaseEvent } from '../cases/index.js';
import * as repository from './triage.repository.js';
import type { DatasetCase } from './triage-dataset.js';
import type { TriageInput } from './triage-features.js';
import { MIN_TRAINING_CASES } from './triage-lifecycle.js';
import type { LabelSuggestion } from './triage-model.js';
import { forgetTenantModel, loadActiveModel } from './triage-model-cache.js';
import { runTrainingInWorker } from './triage-training-runner.js';

// The classifier as a product feature: per-tenant models stored as versions, retraining that activates a
// newcomer only when it scores better on the latest cases, suggestions for a case, applying one, and
// auto-apply at intake above the tenant's threshold (docs/classifier.md).

export type RequestOrigin = { ipAddress: string; requestId: string };

/** The latest cases a retraining reads at most. */
export const MAX_TRAINING_CASES = 100_000;

const trainingTenants = new Set<string>();

function formatScore(score: number): string {
  return score.toFixed(3).replace('.', ',');
}

/** A case as the classifier reads it: text, territory (district), channel and object (address). */
export function triageInputOf(row: {
  text: string;
  channel: string;
  district: string | null;
  address: string | null;
}): TriageInput {
  return { text: row.text, fields: { territory: row.district, channel: row.channel, object: row.address } };
}

function toDatasetCase(row: repository.TrainingCaseRow): DatasetCase {
  return {
    id: row.id,
    created: new Date(row.receivedAt).getTime(),
    input: triageInputOf(row),
    labels: { category: row.category, subcategory: row.subcategory, recipient: row.recipientId },
  };
}

function requireManager(context: AuthContext): string {
  if (!hasPermission(context.roles, 'triage.manage')) throw forbidden();
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Классификатор обучается в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return context.tenant.id;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

function present(record: repository.ModelRecord): TriageModelView {
  const compared = record.comparedWith as {
    version?: number;
    metrics?: HeldOutMetricsView;
    score?: number;
  } | null;
  return {
    id: record.id,
    version: record.version,
    status: record.status,
    trigger: record.trigger,
    triggeredByName: record.triggeredByName,
    createdAt: new Date(record.createdAt).toISOString(),
    activatedAt: iso(record.activatedAt),
    trainedOn: record.trainedOn,
    heldOut: record.heldOut,
    trainedUntil: iso(record.trainedUntil),
    heldOutFrom: iso(record.heldOutFrom),
    metrics: record.metrics as HeldOutMetricsView,
    score: record.score,
    comparedWith:
      compared && typeof compared.version === 'number'
        ? { version: compared.version, metrics: compared.metrics ?? {}, score: compared.score ?? 0 }
        : null,
    decision: record.decision,
    trainSeconds: record.trainSeconds,
    modelBytes: record.modelBytes,
  };
}

export async function listModels(database: Database, context: AuthContext): Promise<TriageModelView[]> {
  const tenantId = requireManager(context);
  return (await repository.listModels(database.pool, tenantId)).map(present);
}

/** «Переобучить»: trains now (in a worker thread) and answers the new version, active or rejected. */
export async function trainModel(
  database: Database,
  context: AuthContext,
  origin: RequestOrigin,
): Promise<TriageModelView> {
  const tenantId = requireManager(context);
  const record = await trainTenantModel(database, tenantId, { kind: 'manual', userId: context.userId, origin });
  return present(record);
}

/**
 * One retraining of a tenant: its answered and closed cases, the latest 15 % by date held out; the
 * candidate is stored as the next version — `active` (the old one `superseded`) when it scores better than
 * the active model on those held-out cases or when there is none, `rejected` otherwise. Audited.
 */
export async function trainTenantModel(
  database: Database,
  tenantId: string,
  trigger: { kind: 'manual' | 'schedule'; userId: string | null; origin: RequestOrigin | null },
): Promise<repository.ModelRecord> {
  if (trainingTenants.has(tenantId)) {
    throw new AppError('CONFLICT', 'Классификатор этого муниципалитета уже обучается — дождитесь окончания.');
  }
  trainingTenants.add(tenantId);
  try {
    const rows = await repository.listTrainingCases(database.pool, tenantId, MAX_TRAINING_CASES);
    if (rows.length < MIN_TRAINING_CASES) {
      throw new AppError(
        'CONFLICT',
        `Для обучения нужно не меньше ${MIN_TRAINING_CASES} отвеченных или завершённых сообщений с рубрикой или ` +
          `получателем; сейчас ${rows.length}.`,
      );
    }
    const active = await repository.findActiveModelId(database.pool, tenantId);
    const activeBytes = active ? await repository.readModelBytes(database.pool, tenantId, active.id) : undefined;
    const result = await runTrainingInWorker({
      cases: rows.map(toDatasetCase),
      activeModel: activeBytes ? new Uint8Array(activeBytes) : null,
    });
    const id = await withTransaction(database.pool, async (client) => {
      await repository.lockTenantModels(client, tenantId);
      const current = await repository.findActiveModelId(client, tenantId);
      const version = await repository.nextModelVersion(client, tenantId);
      const heldOutText = `${result.heldOut} последних по дате сообщениях`;
      let status: 'active' | 'rejected';
      let decision: string;
      if (current && current.id !== active?.id) {
        status = 'rejected';
        decision = `Пока шло обучение, активной стала версия ${current.version}; сравнение устарело — обучите заново.`;
      } else if (!result.isBetter) {
        status = 'rejected';
        decision =
          result.compared && active
            ? `Не лучше активной версии ${active.version} на ${heldOutText}: ${formatScore(result.score)} против ` +
              `${formatScore(result.compared.score)}. Активной осталась версия ${active.version}.`
            : 'Ни у одной метки нет хотя бы двух разных значений — модели нечего предсказывать.';
      } else {
        status = 'active';
        decision =
          result.compared && active
            ? `Лучше активной версии ${active.version} на ${heldOutText}: ${formatScore(result.score)} против ` +
              `${formatScore(result.compared.score)}.`
            : active
              ? `Активная версия ${active.version} не читается; новая модель: ${formatScore(result.score)} на ${heldOutText}.`
              : `Первая модель: ${formatScore(result.score)} на ${heldOutText}.`;
        await repository.supersedeActiveModel(client, tenantId);
      }
      const comparedWith = result.compared && active ? { version: active.version, ...result.compared } : null;
      const modelId = await repository.insertModel(client, {
        tenantId,
        version,
        status,
        trigger: trigger.kind,
        triggeredBy: trigger.userId,
        trainedOn: result.trainedOn,
        heldOut: result.heldOut,
        trainedUntil: result.trainedUntil === null ? null : new Date(result.trainedUntil),
        heldOutFrom: result.heldOutFrom === null ? null : new Date(result.heldOutFrom),
        metrics: result.metrics,
        score: result.score,
        comparedWith,
        decision,
        trainSeconds: result.trainSeconds,
        model: Buffer.from(result.model),
      });
      await recordAudit(client, {
        tenantId,
        actorUserId: trigger.userId,
        action: status === 'active' ? 'triage_model.activated' : 'triage_model.rejected',
        objectType: 'triage_model',
        objectId: modelId,
        after: { version, status, trigger: trigger.kind, score: result.score, metrics: result.metrics, comparedWith },
        details: { decision, trainedOn: result.trainedOn, heldOut: result.heldOut },
        ipAddress: trigger.origin?.ipAddress ?? null,
        requestId: trigger.origin?.requestId ?? null,
      });
      return modelId;
    });
    forgetTenantModel(tenantId);
    const record = await repository.findModel(database.pool, tenantId, id);
    if (!record) throw new Error('trainTenantModel: the stored model is missing');
    return record;
  } finally {
    trainingTenants.delete(tenantId);
  }
}

export async function getSettings(database: Database, context: AuthContext): Promise<TriageSettings> {
  const tenantId = requireManager(context);
  return { autoApplyThreshold: await repository.findAutoApplyThreshold(database.pool, tenantId) };
}

export async function saveSettings(
  database: Database,
  context: AuthContext,
  input: TriageSettings,
  origin: RequestOrigin,
): Promise<TriageSettings> {
  const tenantId = requireManager(context);
  await withTransaction(database.pool, async (client) => {
    const before = await repository.findAutoApplyThreshold(client, tenantId);
    await repository.saveAutoApplyThreshold(client, tenantId, input.autoApplyThreshold, context.userId);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'triage_settings.updated',
      objectType: 'triage_settings',
      objectId: tenantId,
      before: { autoApplyThreshold: before },
      after: { autoApplyThreshold: input.autoApplyThreshold },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return { autoApplyThreshold: input.autoApplyThreshold };
}

function currentValueOf(row: repository.CaseForSuggestion, target: TriageTarget): string | null {
  if (target === 'category') return row.category;
  if (target === 'subcategory') return row.subcategory;
  return row.recipientId;
}

/** Top-3 per target with confidence and the driving words, for a case the caller may read (404 otherwise). */
export async function getCaseSuggestions(
  database: Database,
  context: AuthContext,
  caseId: string,
): Promise<CaseSuggestions> {
  const readable = await findReadableCase(database, context, caseId);
  const row = await repository.findCaseForSuggestion(database.pool, readable.tenantId, readable.id);
  if (!row) throw new AppError('CASE_NOT_FOUND', 'Сообщение не найдено или недоступно.');
  const threshold = await repository.findAutoApplyThreshold(database.pool, row.tenantId);
  const empty = { category: [], subcategory: [], recipient: [] };
  const model = await loadActiveModel(database.pool, row.tenantId);
  if (!model) return { model: null, autoApplyThreshold: threshold, targets: empty, caseVersion: row.version };
  const prediction = model.predictor.predict(triageInputOf(row), { top: 3, reasonsPerSuggestion: 5 });
  const recipientNames = await repository.findRecipientNames(
    database.pool,
    row.tenantId,
    (prediction.recipient ?? []).map((suggestion) => suggestion.value),
  );
  const toView = (target: TriageTarget, suggestions: LabelSuggestion[] | undefined): TriageSuggestion[] =>
    (suggestions ?? [])
      .filter((suggestion) => target !== 'recipient' || recipientNames.has(suggestion.value))
      .map((suggestion) => ({
        value: suggestion.value,
        label: target === 'recipient' ? (recipientNames.get(suggestion.value) ?? suggestion.value) : suggestion.value,
        confidence: Math.round(suggestion.confidence * 10_000) / 10_000,
        reasons: suggestion.reasons,
        isCurrent: currentValueOf(row, target) === suggestion.value,
      }));
  return {
    model: { id: model.id, version: model.version, createdAt: new Date(model.createdAt).toISOString() },
    autoApplyThreshold: threshold,
    targets: {
      category: toView('category', prediction.category),
      subcategory: toView('subcategory', prediction.subcategory),
      recipient: toView('recipient', prediction.recipient),
    },
    caseVersion: row.version,
  };
}

const CLOSED_STATUSES = new Set(['closed', 'rejected']);

/**
 * Applies one suggestion (or any value of the target) to a case in one transaction: the field, the case
 * version, a timeline entry «Классификатор» with the model version and confidence, and the audit row.
 */
export async function applySuggestion(
  database: Database,
  context: AuthContext,
  caseId: string,
  input: ApplySuggestionInput,
  origin: RequestOrigin,
): Promise<CaseSuggestions> {
  const readable = await findReadableCase(database, context, caseId);
  if (!hasPermission(context.roles, 'triage.apply')) {
    throw new AppError('FORBIDDEN', 'Применять подсказки классификатора может сотрудник МЦУ.');
  }
  const tenantId = readable.tenantId;
  let label = input.value;
  if (input.target === 'recipient') {
    const names = await repository.findRecipientNames(database.pool, tenantId, [input.value]);
    const name = names.get(input.value);
    if (!name) {
      throw new AppError('VALIDATION_FAILED', 'Такого ответственного получателя в муниципалитете нет.', [
        { field: 'value', message: 'Нет такого получателя' },
      ]);
    }
    label = name;
  }
  const model = await loadActiveModel(database.pool, tenantId);
  await withTransaction(database.pool, async (client) => {
    const row = await repository.findCaseForSuggestion(client, tenantId, caseId, { forUpdate: true });
    if (!row) throw new AppError('CASE_NOT_FOUND', 'Сообщение не найдено или недоступно.');
    if (row.version !== input.version) {
      throw new AppError(
        'VERSION_CONFLICT',
        'Сообщение уже изменили, пока вы с ним работали. Обновите карточку и примените подсказку снова.',
        undefined,
        undefined,
        { currentVersion: row.version },
      );
    }
    if (CLOSED_STATUSES.has(row.status)) {
      throw new AppError('CONFLICT', 'Сообщение завершено или отклонено — его рубрику и получателя уже не меняют.');
    }
    if (input.target === 'recipient' && row.executorId && row.recipientId !== input.value) {
      throw new AppError(
        'CONFLICT',
        'У сообщения уже есть исполнитель — другого получателя назначают действием «Перенаправить по компетенции».',
      );
    }
    const before = currentValueOf(row, input.target);
    const prediction = model?.predictor.predict(triageInputOf(row), { top: 3, explain: false });
    const confidence = prediction?.[input.target]?.find((suggestion) => suggestion.value === input.value)?.confidence;
    const change =
      input.target === 'category'
        ? { category: input.value }
        : input.target === 'subcategory'
          ? { subcategory: input.value }
          : { recipientId: input.value };
    await repository.updateCaseClassification(client, tenantId, caseId, change);
    const applied = {
      target: input.target,
      value: input.value,
      label,
      before,
      by: 'person',
      modelVersion: model?.version ?? null,
      confidence: confidence === undefined ? null : Math.round(confidence * 10_000) / 10_000,
    };
    await insertCaseEvent(client, {
      tenantId,
      caseId,
      action: 'classified',
      actorId: context.userId,
      actorRole: context.roles[0] ?? null,
      fromState: null,
      toState: null,
      payload: applied,
      events: ['case.classified'],
    });
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'case.suggestion_applied',
      objectType: 'case',
      objectId: caseId,
      before: { [input.target]: before },
      after: { [input.target]: input.value },
      details: { modelVersion: applied.modelVersion, confidence: applied.confidence },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return getCaseSuggestions(database, context, caseId);
}

export type IntakeClassification = {
  modelId: string;
  modelVersion: number;
  threshold: number;
  category?: { value: string; confidence: number; reasons: LabelSuggestion['reasons'] };
  subcategory?: { value: string; confidence: number };
  recipient?: { value: string; label: string; confidence: number };
};

/**
 * At intake, for a case that reached registration without a category (routing rules, which come first,
 * set none): the active model's prediction when its confidence reaches the tenant's threshold — the
 * category (with the subcategory if it also reaches it) and, when `needsRecipient`, the recipient.
 * Null when auto-apply is off, there is no model, or nothing reached the threshold (then it stays a
 * suggestion in the card). Runs in the caller's transaction.
 */
export async function classifyNewCase(
  client: Queryable,
  tenantId: string,
  facts: { text: string; channel: string; district: string | null; address: string | null },
  options: { needsCategory: boolean; needsRecipient: boolean },
): Promise<IntakeClassification | null> {
  if (!options.needsCategory && !options.needsRecipient) return null;
  const threshold = await repository.findAutoApplyThreshold(client, tenantId);
  if (threshold === null) return null;
  const model = await loadActiveModel(client, tenantId);
  if (!model) return null;
  const prediction = model.predictor.predict(triageInputOf(facts), { top: 1, reasonsPerSuggestion: 3 });
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  const result: IntakeClassification = { modelId: model.id, modelVersion: model.version, threshold };
  const category = prediction.category?.[0];
  if (options.needsCategory && category && category.confidence >= threshold) {
    result.category = { value: category.value, confidence: round(category.confidence), reasons: category.reasons };
    const subcategory = prediction.subcategory?.[0];
    if (subcategory && subcategory.confidence >= threshold) {
      result.subcategory = { value: subcategory.value, confidence: round(subcategory.confidence) };
    }
  }
  const recipient = prediction.recipient?.[0];
  if (options.needsRecipient && recipient && recipient.confidence >= threshold) {
    const name = (await repository.findRecipientNames(client, tenantId, [recipient.value])).get(recipient.value);
    if (name) result.recipient = { value: recipient.value, label: name, confidence: round(recipient.confidence) };
  }
  return result.category || result.recipient ? result : null;
}
