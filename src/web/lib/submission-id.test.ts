import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SubmitPublicMessageSchema } from '../../shared/contracts/public-form.contract.js';
import { newSubmissionId } from './submission-id.js';

test('идентификатор отправки формы — UUID версии 4, который примет сервер, и каждый раз новый', () => {
  const id = newSubmissionId();
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(newSubmissionId(), id);
  // Version and variant are set whatever the random bytes are.
  assert.equal(
    newSubmissionId((bytes) => bytes.fill(0xff)),
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
  );
  assert.equal(
    newSubmissionId((bytes) => bytes.fill(0)),
    '00000000-0000-4000-8000-000000000000',
  );
  const parsed = SubmitPublicMessageSchema.safeParse({
    formToken: 't',
    serviceCode: '001',
    text: 'Во дворе не убран снег уже неделю',
    address: 'ул. Ленина, 5',
    submissionId: id,
  });
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
});
