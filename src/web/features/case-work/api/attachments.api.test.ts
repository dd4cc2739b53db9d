import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFileSize, pickAttachments, readAttachmentIds } from './attachments.api.js';

test('ids вложений из ответа или записи ленты; удалённые пропускаются', () => {
  assert.deepEqual(readAttachmentIds({ text: 'a', attachmentIds: ['x', 2, 'y'] }), ['x', 'y']);
  assert.deepEqual(readAttachmentIds(null), []);
  assert.deepEqual(readAttachmentIds({ text: 'a' }), []);
  const item = { attachments: [{ id: 'y', fileName: 'y.png' }] } as never;
  assert.deepEqual(
    pickAttachments(item, ['x', 'y']).map((attachment) => attachment.id),
    ['y'],
  );
});

test('размер файла по-русски', () => {
  assert.equal(formatFileSize(512), '512 Б');
  assert.equal(formatFileSize(2048), '2 КБ');
  assert.equal(formatFileSize(5 * 1024 * 1024 + 300 * 1024), '5,3 МБ');
});
