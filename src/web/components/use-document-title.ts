import { useEffect } from 'react';
import { PRODUCT_NAME } from './product-name.js';

/** «Обзор — Отклик» in the browser tab and history. */
export function useDocumentTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = `${pageTitle} — ${PRODUCT_NAME}`;
  }, [pageTitle]);
}
