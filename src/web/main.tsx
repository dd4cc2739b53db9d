import 'antd/dist/reset.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { forgetUserData, sessionQueryKey } from './features/auth/api/session.query.js';
import { antdRussianLocale } from './lib/antd-locale.js';
import { setUnauthorizedHandler } from './platform/http-client.js';
import { createQueryClient } from './platform/query-client.js';
import { createAppRouter } from './routes/router.js';

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

// A session that ends while the app is open (expired, or closed by an administrator) leads to the sign-in
// page, which brings the user back to where they were.
let isRedirectingToSignIn = false;
setUnauthorizedHandler(() => {
  const { pathname, href } = router.state.location;
  if (isRedirectingToSignIn || pathname === '/login') {
    return;
  }
  isRedirectingToSignIn = true;
  queryClient.setQueryData(sessionQueryKey, null);
  void router
    .navigate({ to: '/login', search: { redirect: href }, replace: true })
    .then(() => forgetUserData(queryClient))
    .finally(() => {
      isRedirectingToSignIn = false;
    });
});

const rootElement = document.getElementById('root');
if (!rootElement) {
  throw new Error('В index.html нет элемента #root');
}

/**
 * Whoever asks their system for less motion (prefers-reduced-motion) gets none: dialogs, menus and previews
 * open and close at once. The browser tests ask for it too, so they never catch an element mid-animation.
 */
const prefersReducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

createRoot(rootElement).render(
  <StrictMode>
    <ConfigProvider
      locale={antdRussianLocale}
      theme={{ token: { borderRadius: 4, motion: !prefersReducedMotion } }}
      componentSize="middle"
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
