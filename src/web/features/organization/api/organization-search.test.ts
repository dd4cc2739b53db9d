import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hasPeopleFilters,
  parseOrganizationSearch,
  switchOrganizationTab,
  toPeopleFilter,
} from './organization-search.js';

const TENANT_ID = '3f1c2a4e-7b7d-4d8e-9a51-0c2b9c1e5f10';
const RECIPIENT_ID = '9a0b7c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';

test('the tab, the municipality and the people filters are read from the address bar with their types', () => {
  assert.deepEqual(
    parseOrganizationSearch({
      tab: 'people',
      tenantId: TENANT_ID,
      q: ' Иванов ',
      recipientId: RECIPIENT_ID,
      role: 'executor',
      isActive: 'false',
    }),
    { tab: 'people', tenantId: TENANT_ID, q: 'Иванов', recipientId: RECIPIENT_ID, role: 'executor', isActive: false },
  );
  assert.deepEqual(toPeopleFilter(parseOrganizationSearch({ tab: 'people', isActive: 'true' })), {
    q: undefined,
    recipientId: undefined,
    role: undefined,
    isActive: true,
  });
});

test('values that make no sense are dropped, and the first tab is left out of the address', () => {
  assert.deepEqual(
    parseOrganizationSearch({
      tab: 'recipients',
      tenantId: 'zarechny',
      q: '  ',
      recipientId: '1',
      role: 'king',
      isActive: 'yes',
      compositionId: 'x',
    }),
    {},
  );
  assert.deepEqual(parseOrganizationSearch({ tab: 'archive' }), {});
});

test('switching the tab keeps the municipality and drops the previous tab’s filters', () => {
  const search = parseOrganizationSearch({ tab: 'people', tenantId: TENANT_ID, role: 'head', q: 'Петров' });
  assert.equal(hasPeopleFilters(search), true);
  assert.deepEqual(switchOrganizationTab(search, 'blocks'), { tab: 'blocks', tenantId: TENANT_ID });
  assert.deepEqual(switchOrganizationTab(search, 'recipients'), { tenantId: TENANT_ID });
  assert.equal(hasPeopleFilters(switchOrganizationTab(search, 'people')), false);
});
