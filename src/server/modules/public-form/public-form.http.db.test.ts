import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let manager: TestHttpClient;
let apiKey = '';

async function call(method: string, path: string, json?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A 1×1 PNG: a photo a resident attaches. */
const PNG_PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function openForm(slug = 'zarechny') {
  const form = await call('GET', `/api/public/m/${slug}/form`);
  assert.equal(form.status, 200, JSON.stringify(form.body));
  return form.body;
}

async function act(id: string, action: string, body: Record<string, unknown> = {}) {
  const response = await manager.request('POST', `/api/cases/${id}/actions/${action}`, { json: body });
  assert.equal(response.status, 200, `${action}: ${JSON.stringify(response.body)}`);
}

async function answer(number: string, result = 'resolved') {
  const found = await manager.request('GET', `/api/cases?q=${encodeURIComponent(number)}`);
  const id = found.body.items[0].id;
  await act(id, 'take');
  await act(id, 'comment', { text: 'Служебное: подрядчик Иванов' });
  await act(id, 'draft-answer', { text: 'Фонарь заменили.' });
  await act(id, 'approve');
  await act(id, 'publish', { result });
  return id;
}

before(async () => {
  server = await startTestServer({ OTKLIK_FORM_MIN_SECONDS: '1', OTKLIK_FORM_RATE_LIMIT: '22' });
  manager = new TestHttpClient(server.url);
  await manager.signIn('zarechny.mcu', 'demo-otklik');
  const admin = new TestHttpClient(server.url);
  await admin.signIn('zarechny.admin', 'demo-otklik');
  apiKey = (await admin.request('POST', '/api/api-keys', { json: { name: 'Инцидент менеджмент' } })).body.key;
});
after(async () => {
  await server.stop();
});

describe('форма для жителей и страница статуса', () => {
  test('сообщение → секретная ссылка → ответ сотрудника виден без служебного → оценка 5 завершает', async () => {
    const form = await openForm();
    assert.ok(form.services.length > 0);
    await wait(1100);
    const sent = await call('POST', '/api/public/m/zarechny/messages', {
      formToken: form.formToken,
      website: '',
      serviceCode: form.services[0].code,
      text: 'Не горит фонарь у подъезда 3 дома 12 по улице Мира',
      latitude: 55.1,
      longitude: 37.2,
      name: 'Сидорова Анна',
      email: 'anna@example.ru',
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.match(sent.body.statusPath, /^\/m\/zarechny\/status\/[A-Za-z0-9_-]{20,}$/);
    const status = await call('GET', `/api/public/status/${sent.body.statusToken}`);
    assert.equal(status.status, 200);
    assert.equal(status.body.number, sent.body.number);
    assert.equal(status.body.canRate, false);
    assert.ok(!JSON.stringify(status.body).includes('Сидорова'));

    const caseId = await answer(sent.body.number);
    const answered = await call('GET', `/api/public/status/${sent.body.statusToken}`);
    assert.equal(answered.body.answer.text, 'Фонарь заменили.');
    assert.equal(answered.body.status, 'FIXED');
    assert.equal(answered.body.canRate, true);
    const serialized = JSON.stringify(answered.body);
    for (const hidden of ['Служебное', 'Белова', 'Иванов']) assert.ok(!serialized.includes(hidden), hidden);

    const rated = await call('POST', `/api/public/status/${sent.body.statusToken}/rating`, {
      rating: 5,
      comment: 'Спасибо!',
    });
    assert.equal(rated.status, 200, JSON.stringify(rated.body));
    assert.equal(rated.body.isClosed, true);
    assert.equal(rated.body.rating, 5);
    const card = await manager.request('GET', `/api/cases/${caseId}`);
    assert.equal(card.body.state, 'closed');
    assert.equal(card.body.rating, 5);
  });

  test('низкая оценка и комментарий в окне ожидания возвращают в работу', async () => {
    const form = await openForm();
    await wait(1100);
    const sent = await call('POST', '/api/public/m/zarechny/messages', {
      formToken: form.formToken,
      serviceCode: form.services[0].code,
      text: 'Во дворе дома 7 не убран снег уже неделю',
      address: 'ул. Садовая, 7',
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const caseId = await answer(sent.body.number);
    const commented = await call('POST', `/api/public/status/${sent.body.statusToken}/comments`, {
      text: 'Снег так и лежит',
    });
    assert.equal(commented.status, 200, JSON.stringify(commented.body));
    assert.equal(commented.body.isClosed, false);
    assert.ok(commented.body.timeline.some((entry: { title: string }) => entry.title === 'Комментарий заявителя'));
    const card = await manager.request('GET', `/api/cases/${caseId}`);
    assert.notEqual(card.body.state, 'awaiting_resident');
    assert.equal((await call('GET', '/api/public/status/not-a-real-token-at-all-xx')).status, 404);
  });

  test('ловушка, слишком быстрая отправка, чужой токен формы, неверные поля — 400 и ничего не создано', async () => {
    const before = (await manager.request('GET', '/api/cases?channel=form')).body.total;
    const form = await openForm();
    const base = {
      formToken: form.formToken,
      serviceCode: form.services[0].code,
      text: 'Сломана скамейка в сквере у школы',
      address: 'сквер',
    };
    const tooFast = await call('POST', '/api/public/m/zarechny/messages', base);
    assert.equal(tooFast.status, 400);
    assert.equal(tooFast.body.error.fields[0].field, 'formToken');
    await wait(1100);
    const honeypot = await call('POST', '/api/public/m/zarechny/messages', { ...base, website: 'http://spam.example' });
    assert.equal(honeypot.status, 400);
    assert.equal(honeypot.body.error.fields[0].field, 'website');
    const foreign = await call('POST', '/api/public/m/sosnovsky/messages', base);
    assert.equal(foreign.status, 400);
    const forged = await call('POST', '/api/public/m/zarechny/messages', {
      ...base,
      formToken: `${Date.now() - 5000}.forged`,
    });
    assert.equal(forged.status, 400);
    for (const [patch, field] of [
      [{ text: 'коротко' }, 'text'],
      [{ address: undefined }, 'address'],
      [{ latitude: 91, longitude: 10 }, 'latitude'],
      [{ email: 'не почта' }, 'email'],
      [{ serviceCode: 'nope' }, 'serviceCode'],
      [{ text: 'x'.repeat(6000) }, 'text'],
    ] as const) {
      const response = await call('POST', '/api/public/m/zarechny/messages', { ...base, ...patch });
      assert.equal(response.status, 400, JSON.stringify(patch));
      assert.ok(
        JSON.stringify(response.body.error).includes(field),
        `${field}: ${JSON.stringify(response.body.error)}`,
      );
    }
    assert.equal((await manager.request('GET', '/api/cases?channel=form')).body.total, before);
  });

  test('фото: PNG сохраняется вложением заявителя; текст под видом фото — 4xx и ничего не создано', async () => {
    const form = await openForm();
    await wait(1100);
    const payload = {
      formToken: form.formToken,
      serviceCode: form.services[0].code,
      text: 'Сломана детская горка во дворе дома 4',
      address: 'ул. Лесная, 4',
    };
    const fake = new FormData();
    fake.append('payload', JSON.stringify(payload));
    fake.append('photo', new Blob(['это не картинка'], { type: 'image/jpeg' }), 'photo.jpg');
    const before = (await manager.request('GET', '/api/cases?channel=form')).body.total;
    const refused = await fetch(`${server.url}/api/public/m/zarechny/messages-with-photos`, {
      method: 'POST',
      body: fake,
    });
    assert.ok(refused.status >= 400 && refused.status < 500, String(refused.status));
    assert.equal((await manager.request('GET', '/api/cases?channel=form')).body.total, before);

    const real = new FormData();
    real.append('payload', JSON.stringify(payload));
    real.append('photo', new Blob([PNG_PIXEL], { type: 'image/png' }), 'gorka.png');
    const sent = await fetch(`${server.url}/api/public/m/zarechny/messages-with-photos`, {
      method: 'POST',
      body: real,
    });
    const body = await sent.json();
    assert.equal(sent.status, 201, JSON.stringify(body));
    const found = await manager.request('GET', `/api/cases?q=${encodeURIComponent(body.number)}`);
    const attachments = await manager.request('GET', `/api/cases/${found.body.items[0].id}/attachments`);
    assert.equal(attachments.status, 200, JSON.stringify(attachments.body));
    assert.equal(attachments.body.length, 1);
    assert.equal(attachments.body[0].origin, 'resident');
  });

  test('повтор той же отправки (ответ потерялся) — тот же номер и ссылка, одно сообщение и одно фото; изменённый текст — новое', async () => {
    const form = await openForm();
    await wait(1100);
    const submissionId = crypto.randomUUID();
    const send = (text: string) => {
      const body = new FormData();
      body.append(
        'payload',
        JSON.stringify({
          formToken: form.formToken,
          submissionId,
          serviceCode: form.services[0].code,
          text,
          address: 'ул. Садовая, 7',
        }),
      );
      body.append('photo', new Blob([PNG_PIXEL], { type: 'image/png' }), 'skameyka.png');
      return fetch(`${server.url}/api/public/m/zarechny/messages-with-photos`, { method: 'POST', body });
    };
    const total = async () => (await manager.request('GET', '/api/cases?channel=form')).body.total as number;
    const before = await total();
    const text = 'Сломана скамейка у подъезда 2 дома 7 по улице Садовой';
    const [first, second] = await Promise.all([send(text), send(text)]);
    const [firstBody, secondBody] = [await first.json(), await second.json()];
    assert.equal(first.status, 201, JSON.stringify(firstBody));
    assert.equal(second.status, 201, JSON.stringify(secondBody));
    const retried = await send(text);
    const retriedBody = await retried.json();
    for (const again of [secondBody, retriedBody]) {
      assert.equal(again.number, firstBody.number);
      assert.equal(again.statusPath, firstBody.statusPath);
    }
    assert.equal(await total(), before + 1);
    const status = await call('GET', `/api/public/status/${retriedBody.statusToken}`);
    assert.equal(status.status, 200);
    assert.equal(status.body.number, firstBody.number);
    const found = await manager.request('GET', `/api/cases?q=${encodeURIComponent(firstBody.number)}`);
    const attachments = await manager.request('GET', `/api/cases/${found.body.items[0].id}/attachments`);
    assert.equal(attachments.body.length, 1, 'фото повтора не записано второй раз');

    // The resident corrected the text before sending again: that is a message of its own, not lost.
    const corrected = await send(`${text}, и урна рядом`);
    const correctedBody = await corrected.json();
    assert.equal(corrected.status, 201, JSON.stringify(correctedBody));
    assert.notEqual(correctedBody.number, firstBody.number);
    assert.notEqual(correctedBody.statusPath, firstBody.statusPath);
    assert.equal(await total(), before + 2);
  });

  test('ограничение частоты: не больше OTKLIK_FORM_RATE_LIMIT сообщений в час с адреса — затем 429', async () => {
    let limited = false;
    for (let attempt = 0; attempt < 30 && !limited; attempt += 1) {
      const response = await call('POST', '/api/public/m/zarechny/messages', {
        formToken: 'x',
        serviceCode: '001',
        text: 'abc',
      });
      limited = response.status === 429;
    }
    assert.ok(limited, 'после лимита — 429');
  });
});

describe('вебхук Инцидент менеджмента', () => {
  const hook = (body: unknown, key = apiKey) => call('POST', '/api/intake/webhooks/im', body, { 'x-api-key': key });

  test('инцидент создаёт сообщение канала ИМ один раз; повтор — тот же номер', async () => {
    const incident = {
      type: 'incident',
      incident: {
        id: 'vk-1001',
        text: 'Яма на Советской, 3',
        themeGroup: 'Дороги',
        theme: 'Ямы',
        isImportant: true,
        url: 'https://vk.com/wall-1_1',
      },
    };
    const first = await hook(incident);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.status, 'created');
    const again = await Promise.all([hook(incident), hook(incident)]);
    for (const response of again) {
      assert.equal(response.status, 200);
      assert.equal(response.body.number, first.body.number);
    }
    const card = await manager.request('GET', `/api/cases/${first.body.caseId}`);
    assert.equal(card.body.channel, 'im');
    assert.equal(card.body.isFastTrack, true);
  });

  test('комментарий автора в окне ожидания возвращает в работу; повтор по id не применяется', async () => {
    const created = (await hook({ type: 'incident', incident: { id: 'vk-2002', text: 'Не вывезли мусор во дворе' } }))
      .body;
    const im = new TestHttpClient(server.url);
    await im.signIn('zarechny.im', 'demo-otklik');
    const card = (await im.request('GET', `/api/cases/${created.caseId}`)).body;
    const actions: string[] = card.allowedActions.map((action: { name: string }) => action.name);
    assert.ok(actions.length > 0);
    const comment = {
      type: 'comment',
      comment: { id: 'c-1', incidentId: 'vk-2002', text: 'Мусор так и лежит', isAuthor: true },
    };
    const applied = await hook(comment);
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.equal(applied.body.status, 'applied');
    const duplicate = await hook(comment);
    assert.equal(duplicate.body.status, 'duplicate');
    const other = await hook({
      type: 'comment',
      comment: { id: 'c-2', incidentId: 'vk-2002', text: 'Поддерживаю', isAuthor: false },
    });
    assert.equal(other.body.status, 'ignored');
    const history = (await im.request('GET', `/api/cases/${created.caseId}`)).body.history;
    assert.equal(history.filter((entry: { action: string }) => entry.action === 'resident-comment').length, 1);
  });

  test('текст с оборванным эмодзи (одиночная половина суррогатной пары) — записан с «�», не 500', async () => {
    const response = await hook({ type: 'incident', incident: { id: 'vk-surrogate', text: 'Яма \ud83d у дома' } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const card = await manager.request('GET', `/api/cases/${response.body.caseId}`);
    assert.equal(card.body.text, 'Яма \ufffd у дома');
    // A comment goes into the timeline's jsonb payload: the same broken half must not fail the write either.
    const comment = await hook({
      type: 'comment',
      comment: { id: 'c-surrogate', incidentId: 'vk-surrogate', text: 'Всё ещё \udc00 яма', isAuthor: true },
    });
    assert.ok(comment.status < 500, JSON.stringify(comment.body));
    const history = (await manager.request('GET', `/api/cases/${response.body.caseId}`)).body.history;
    assert.ok(JSON.stringify(history).includes('Всё ещё \ufffd яма'), JSON.stringify(history));
  });

  test('без ключа, с неверным ключом — 403; неверное тело — 400 с полем; неизвестный инцидент — 404', async () => {
    assert.equal(
      (await call('POST', '/api/intake/webhooks/im', { type: 'incident', incident: { id: '1', text: 't' } })).status,
      403,
    );
    assert.equal((await hook({ type: 'incident', incident: { id: '1', text: 't' } }, 'otk_wrong')).status, 403);
    const bad = await hook({ type: 'incident', incident: { id: '', text: '' } });
    assert.equal(bad.status, 400);
    assert.ok(JSON.stringify(bad.body).includes('incident'));
    const badType = await hook({ type: 'post' });
    assert.equal(badType.status, 400);
    const badDate = await hook({
      type: 'incident',
      incident: { id: 'd1', text: 'текст', createdAt: '2026-01-01T10:00:00' },
    });
    assert.equal(badDate.status, 400);
    assert.ok(JSON.stringify(badDate.body).includes('createdAt'));
    const unknown = await hook({
      type: 'comment',
      comment: { id: 'c-9', incidentId: 'nope', text: 'т', isAuthor: true },
    });
    assert.equal(unknown.status, 404);
  });
});
