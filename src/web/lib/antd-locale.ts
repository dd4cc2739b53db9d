import type { Locale } from 'antd/es/locale/index.js';
import ruRUModule from 'antd/locale/ru_RU.js';

/**
 * antd ships its locales as CommonJS with a `default` export. Under `moduleResolution: NodeNext` TypeScript
 * types the import as the whole module object, while Vite hands over the default export itself; this
 * accepts either shape so both the type checker and the bundle are right.
 */
function unwrapDefault<T extends object>(module: T | { default: T }): T {
  return 'default' in module ? module.default : module;
}

export const antdRussianLocale: Locale = unwrapDefault<Locale>(ruRUModule);
