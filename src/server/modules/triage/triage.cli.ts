import fs from 'node:fs/promises';
import { type Command, Option } from 'commander';
import {
  DATASET_FORMATS,
  type DatasetFormat,
  readDataset,
  readTextFile,
  TriageDatasetError,
} from './triage-dataset.js';
import { evaluateModel, summarizeEvaluation } from './triage-evaluation.js';
import { TRIAGE_LABELS } from './triage-model.js';
import { parseTriageModel, serializeTriageModel, TriageModelError } from './triage-model-json.js';
import { trainTriageModel } from './triage-training.js';

// `otklik model train|eval`: the classifier from files, without a database. Progress goes to stderr; the
// last stdout line is one JSON object (for scripts and acceptance checks). Bad input → a Russian message
// naming the line or the option on stderr and exit code 1.

export type ModelTrainOptions = { input?: string; format?: string; out?: string };
export type ModelEvalOptions = { input?: string; format?: string; model?: string };

class ModelCommandError extends Error {}

function requireOption(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new ModelCommandError(`не указан параметр ${name}.`);
  return value;
}

function requireFormat(value: string | undefined): DatasetFormat {
  const format = requireOption('--format', value);
  if (!(DATASET_FORMATS as readonly string[]).includes(format)) {
    throw new ModelCommandError(`неизвестный формат «${format}»; есть ${DATASET_FORMATS.join(', ')}.`);
  }
  return format as DatasetFormat;
}

export async function runModelTrain(options: ModelTrainOptions): Promise<Record<string, unknown>> {
  const input = requireOption('--input', options.input);
  const format = requireFormat(options.format);
  const out = requireOption('--out', options.out);
  const cases = await readDataset(input, format);
  process.stderr.write(`Прочитано случаев: ${cases.length}. Обучение…\n`);
  const model = trainTriageModel(cases, { log: (line) => process.stderr.write(`${line}\n`) });
  if (Object.keys(model.labels).length === 0) {
    throw new ModelCommandError(
      'нечему учиться: ни у одной метки (category, subcategory, recipient) нет хотя бы двух разных значений.',
    );
  }
  const text = serializeTriageModel(model);
  try {
    await fs.writeFile(out, text);
  } catch (error) {
    throw new ModelCommandError(`не удалось записать модель в «${out}»: ${String(error)}`);
  }
  const labels: Record<string, { classes: number; heldOutAccuracy?: number }> = {};
  for (const label of TRIAGE_LABELS) {
    const weights = model.labels[label];
    if (weights) {
      const heldOut = model.training.heldOut?.[label]?.accuracy;
      labels[label] = {
        classes: weights.classes.length,
        heldOutAccuracy: heldOut === undefined ? undefined : Math.round(heldOut * 10_000) / 10_000,
      };
    }
  }
  return {
    cases: cases.length,
    features: model.vocabulary.size,
    labels,
    trainSeconds: model.training.seconds,
    modelBytes: Buffer.byteLength(text),
  };
}

export async function runModelEval(options: ModelEvalOptions): Promise<Record<string, unknown>> {
  const modelPath = requireOption('--model', options.model);
  const input = requireOption('--input', options.input);
  const format = requireFormat(options.format);
  const model = parseTriageModel(await readTextFile(modelPath));
  const cases = await readDataset(input, format);
  const result = evaluateModel(model, cases);
  for (const label of TRIAGE_LABELS) {
    const metrics = result.labels[label];
    if (!metrics) continue;
    process.stderr.write(`${label}: n=${metrics.n}, точность ${metrics.accuracy}, macro-F1 ${metrics.macroF1}\n`);
  }
  return summarizeEvaluation(result);
}

async function runAndPrint(work: () => Promise<Record<string, unknown>>): Promise<void> {
  try {
    process.stdout.write(`${JSON.stringify(await work())}\n`);
  } catch (error) {
    if (error instanceof ModelCommandError) process.stderr.write(`Ошибка: ${error.message}\n`);
    else if (error instanceof TriageDatasetError || error instanceof TriageModelError) {
      process.stderr.write(`Ошибка: ${error.message}\n`);
    } else throw error;
    process.exitCode = 1;
  }
}

const FORMAT_HELP =
  'формат: history-jsonl — выгрузка Отклика (id, text, created, territory, channel, category, subcategory, ' +
  'recipient…); spb-jsonl — портал «Наш Санкт-Петербург» (reason, district, object, answers)';

/** Adds `otklik model train` and `otklik model eval`. */
export function registerModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('классификатор сообщений: обучение и проверка на файле истории (без базы данных)');
  model
    .command('train')
    .description('обучить модель (рубрика, подрубрика, получатель) на истории JSON Lines (можно .gz)')
    .option('--input <файл>', 'история: JSON Lines, одна строка — один случай; .gz распаковывается')
    .addOption(new Option('--format <формат>', FORMAT_HELP))
    .option('--out <файл>', 'куда записать модель (JSON)')
    .action((options: ModelTrainOptions) => runAndPrint(() => runModelTrain(options)));
  model
    .command('eval')
    .description('проверить модель на размеченных случаях; последняя строка — JSON с точностью и macro-F1')
    .option('--model <файл>', 'модель, записанная командой model train')
    .option('--input <файл>', 'проверочные случаи: JSON Lines (можно .gz)')
    .addOption(new Option('--format <формат>', FORMAT_HELP))
    .action((options: ModelEvalOptions) => runAndPrint(() => runModelEval(options)));
}
