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
