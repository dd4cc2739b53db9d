import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let operator: TestHttpClient;

before(async () => {
  server = await startTestServer();
  operator = new TestHttpClient(server.url);
  await operator.signIn('zarechny.mcu', 'demo-otklik');
});
after(async () => {
  await server.stop();
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  kind: 'message',
  text: 'Не горит уличное освещение на улице Садовой возле дома 14, фонари не работают неделю',
  category: 'Освещение',
  isFastTrack: true,
  territory: { address: 'ул. Садовая, 14' },
  applicant: { name: 'Комаров Кирилл', phone: '+7 (913) 555-44-33' },
  ...overrides,
});

describe('ручной ввод оператором', () => {
  test('звонок регистрируется как сообщение канала «телефон» со «срочно»', async () => {
    const created = await operator.request('POST', '/api/manual-entry', { json: entry() });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.channel, 'phone');
    assert.equal(created.body.isFastTrack, true);
    assert.equal(created.body.applicantName, 'Комаров Кирилл');
  });

  test('тот же телефон и похожий текст — предупреждение 409 со списком; после подтверждения — регистрация', async () => {
    const check = await operator.request('POST', '/api/manual-entry/duplicates', {
      json: { phone: '8 913 5554433', text: 'Фонари на улице Садовой не горят, освещение не работает' },
    });
    assert.equal(check.status, 200);
    assert.equal(check.body.duplicates.length, 1);
    assert.ok(check.body.duplicates[0].sharedWords >= 3);

    const repeated = entry({ text: 'Опять не работает уличное освещение на Садовой у дома 14, фонари не горят' });
    const warned = await operator.request('POST', '/api/manual-entry', { json: repeated });
    assert.equal(warned.status, 409, JSON.stringify(warned.body));
    assert.equal(warned.body.error.code, 'DUPLICATE_SUSPECTED');
    assert.equal(warned.body.error.details.duplicates.length, 1);
    const confirmed = await operator.request('POST', '/api/manual-entry', {
      json: { ...repeated, isDuplicateConfirmed: true },
    });
    assert.equal(confirmed.status, 201, JSON.stringify(confirmed.body));
  });

  test('другой телефон или другой вопрос — без предупреждения', async () => {
    const otherPhone = await operator.request('POST', '/api/manual-entry/duplicates', {
      json: { phone: '+7 913 000-00-01', text: 'Не горит уличное освещение на улице Садовой' },
    });
    assert.deepEqual(otherPhone.body.duplicates, []);
    const otherSubject = await operator.request('POST', '/api/manual-entry', {
      json: entry({ text: 'Во дворе не вывезли мусор, контейнеры переполнены', category: 'Мусор' }),
    });
    assert.equal(otherSubject.status, 201, JSON.stringify(otherSubject.body));
  });

  test('повтор той же отправки (ответ потерялся) — то же сообщение без предупреждения о повторе; исправленная — новое', async () => {
    const total = async () => (await operator.request('GET', '/api/cases?pageSize=1')).body.total as number;
    const before = await total();
    const submissionId = crypto.randomUUID();
    const sent = entry({
      applicant: { name: 'Лаврова Инна', phone: '+7 (913) 777-12-12' },
      text: 'Во дворе дома 3 по улице Школьной неделю не вывозят мусор, контейнеры переполнены',
      submissionId,
    });
    const [first, second] = await Promise.all([
      operator.request('POST', '/api/manual-entry', { json: sent }),
      operator.request('POST', '/api/manual-entry', { json: sent }),
    ]);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.id, first.body.id);
    // Later, after the operator saw an error: the same case, not the duplicates warning about itself.
    const retried = await operator.request('POST', '/api/manual-entry', { json: sent });
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.equal(retried.body.number, first.body.number);
    assert.equal(await total(), before + 1);

    // Through the general registration too (other channels, kinds).
    const general = {
      ...entry({ channel: 'regional', text: 'Яма на дороге у остановки «Рынок»' }),
      submissionId: crypto.randomUUID(),
    };
    const [a, b] = [
      await operator.request('POST', '/api/cases', { json: general }),
      await operator.request('POST', '/api/cases', { json: general }),
    ];
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(b.body.id, a.body.id);
    assert.equal(await total(), before + 2);

    // Corrected before the retry: a message of its own (nothing the operator typed is dropped).
    const corrected = await operator.request('POST', '/api/cases', {
      json: { ...general, text: 'Яма на дороге у остановки «Рынок», глубокая' },
    });
    assert.equal(corrected.status, 201, JSON.stringify(corrected.body));
    assert.notEqual(corrected.body.id, a.body.id);
    assert.equal(await total(), before + 3);
    // A malformed id is refused with the field.
    const malformed = await operator.request('POST', '/api/cases', { json: { ...general, submissionId: '123' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.fields[0].field, 'submissionId');
  });

  test('неверный ввод — 400 с полем; исполнителю — 403', async () => {
    const noText = await operator.request('POST', '/api/manual-entry', { json: entry({ text: ' ' }) });
    assert.equal(noText.status, 400);
    assert.equal(noText.body.error.fields[0].field, 'text');
    const badChannel = await operator.request('POST', '/api/manual-entry', { json: entry({ channel: 'im' }) });
    assert.equal(badChannel.status, 400);
    assert.equal(badChannel.body.error.fields[0].field, 'channel');
    const badDays = await operator.request('POST', '/api/manual-entry/duplicates', { json: { days: 1000 } });
    assert.equal(badDays.status, 400);
    assert.equal(badDays.body.error.fields[0].field, 'days');
    const executor = new TestHttpClient(server.url);
    await executor.signIn('zarechny.executor', 'demo-otklik');
    assert.equal((await executor.request('POST', '/api/manual-entry', { json: entry() })).status, 403);
  });
});
