import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrainingRunInput, TrainingRunResult } from './triage-lifecycle.js';

type WorkerMessage = { type: 'done'; result: TrainingRunResult } | { type: 'error'; message: string };

/**
 * Runs one retraining in a worker thread and answers its result; the main thread stays free for requests.
 * Under tests and `tsx` the worker is TypeScript source, so the same loader is registered inside it first
 * (as the embedded database's worker does).
 */
export function runTrainingInWorker(input: TrainingRunInput): Promise<TrainingRunResult> {
  const extension = path.extname(new URL(import.meta.url).pathname);
  const workerUrl = new URL(`./triage-training.worker${extension}`, import.meta.url);
  const worker =
    extension === '.ts'
      ? new Worker(
          `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); })`,
          { eval: true, workerData: input },
        )
      : new Worker(workerUrl, { workerData: input });
  return new Promise((resolve, reject) => {
    let isSettled = false;
    worker.on('message', (message: WorkerMessage) => {
      isSettled = true;
      if (message.type === 'done') resolve({ ...message.result, model: new Uint8Array(message.result.model) });
      else reject(new Error(`Обучение классификатора не удалось: ${message.message}`));
    });
    worker.on('error', (error) => {
      if (!isSettled) reject(error);
      isSettled = true;
    });
    worker.on('exit', (code) => {
      if (!isSettled) reject(new Error(`Поток обучения классификатора завершился без результата (код ${code}).`));
    });
  });
}
