import { parentPort, workerData } from 'node:worker_threads';
import { runTrainingRun, type TrainingRunInput } from './triage-lifecycle.js';

// The worker thread of one retraining (triage-training-runner.ts starts it): training on tens of thousands
// of cases takes a minute of CPU, which must not stop the HTTP event loop.

try {
  const result = runTrainingRun(workerData as TrainingRunInput);
  parentPort?.postMessage({ type: 'done', result }, [result.model.buffer as ArrayBuffer]);
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
