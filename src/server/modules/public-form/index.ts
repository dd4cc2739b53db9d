export { publicFormRoutes } from './public-form.routes.js';
