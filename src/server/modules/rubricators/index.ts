export { registerRubricatorCommands } from './rubricators.cli.js';
export {
  findRubricatorByCode,
  listRubricatorItems,
  listRubricators,
  type RubricatorItemInput,
  type RubricatorItemRecord,
  type RubricatorRecord,
  type RubricatorSource,
  upsertRubricator,
  upsertRubricatorItems,
} from './rubricators.repository.js';
export { rubricatorsRoutes } from './rubricators.routes.js';
export {
  findDefaultRecipientForCategory,
  listDefaultRecipientsByTopic,
  loadShippedRubricator,
} from './rubricators.service.js';
