export {
  isSimilarText,
  normalisePhone,
  sharedStems,
  subjectStems,
} from './appeal-similarity.js';
export { appealsRoutes } from './appeals.routes.js';
