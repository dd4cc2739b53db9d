export { DEMO_REGION } from './demo-data.generator.js';
export { DEMO_PASSWORD, type DemoAccount, listDemoAccounts, seedDemo } from './demo-seed.service.js';
