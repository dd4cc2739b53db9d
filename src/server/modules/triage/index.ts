export { RETRAIN_JOB, registerTriageJobs, runScheduledRetraining } from './triage.jobs.js';
export { triageRoutes } from './triage.routes.js';
export { classifyNewCase, type IntakeClassification, trainTenantModel } from './triage.service.js';
