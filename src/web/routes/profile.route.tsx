import { createRoute } from '@tanstack/react-router';
import { ProfilePage } from '../features/profile/components/ProfilePage.js';
import { authenticatedRoute } from './authenticated.route.js';

export const profileRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/profile',
  component: ProfilePage,
});
