import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_CASE_MAX } from '../../../shared/attachments.js';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { listZipEntries, readZipEntry } from './zip-archive.js';

let server: TestServer;
const clients: Record<string, TestHttpClient> = {};

async function as(login: string): Promise<TestHttpClient> {
  if (!clients[login]) {
    const client = new TestHttpClient(server.url);
    await client.signIn(login, 'demo-otklik');
    clients[login] = client;
  }
  return clients[login];
}

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');

async function upload(login: string, caseId: string, name: string, bytes: Buffer, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return (await as(login)).request('POST', `/api/cases/${caseId}/attachments`, { form });
}

async function createCase(login = 'zarechny.im', body: Record<string, unknown> = {}): Promise<string> {
  const created = await (await as(login)).request('POST', '/api/cases', {
    json: { channel: 'im', kind: 'message', text: 'Во дворе дома 7 по ул. Садовой яма на дороге', ...body },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

async function act(login: string, id: string, action: string, body: Record<string, unknown> = {}) {
  return (await as(login)).request('POST', `/api/cases/${id}/actions/${action}`, { json: body });
}

async function executorId(): Promise<string> {
  const people = (await (await as('zarechny.im')).request('GET', '/api/people?role=executor')).body;
  return people.find((person: { login: string }) => person.login === 'zarechny.executor').id;
}

async function auditCount(caseId: string, action: string): Promise<number> {
  const result = await server.server.database.pool.query(
    'select count(*)::int as count from audit_log where object_id = $1 and action = $2',
    [caseId, action],
  );
  return result.rows[0].count;
}

describe('вложения: загрузка, проверка типа, скачивание', () => {
  test('фото и PDF принимаются: тип по содержимому, SHA-256, имя очищено, отдача с заголовками безопасности', async () => {
    const caseId = await createCase();
    const photo = await upload('zarechny.im', caseId, '../../etc/фото\u202Egpj.png', PNG, 'image/png');
    assert.equal(photo.status, 201, JSON.stringify(photo.body));
    assert.equal(photo.body.type, 'png');
    assert.equal(photo.body.fileName, 'фотоgpj.png', 'без пути и символов смены направления');
    assert.equal(photo.body.sizeBytes, PNG.length);
    assert.match(photo.body.sha256, /^[0-9a-f]{64}$/);
    assert.equal(photo.body.origin, 'staff');

    const read = await (await as('zarechny.im')).request('GET', photo.body.url);
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('content-type'), 'image/png');
    assert.equal(read.headers.get('x-content-type-options'), 'nosniff');
    assert.match(read.headers.get('content-disposition') ?? '', /^inline; filename="[^"]*"; filename\*=UTF-8''/);
    assert.match(read.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const downloaded = await (await as('zarechny.im')).request('GET', `${photo.body.url}?download=true`);
    assert.match(downloaded.headers.get('content-disposition') ?? '', /^attachment;/);

    const pdf = await upload('zarechny.im', caseId, 'акт.pdf', PDF, 'application/pdf');
    assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
    const text = await upload('zarechny.im', caseId, 'заметка.txt', Buffer.from('Яма заделана 12.03.'), 'text/plain');
    assert.equal(text.status, 201, JSON.stringify(text.body));
    const textRead = await (await as('zarechny.im')).request('GET', text.body.url);
    assert.match(textRead.headers.get('content-disposition') ?? '', /^attachment;/, 'текст только скачивается');

    const card = await (await as('zarechny.im')).request('GET', `/api/cases/${caseId}`);
    assert.deepEqual(
      card.body.attachments.map((attachment: { fileName: string }) => attachment.fileName),
      ['фотоgpj.png', 'акт.pdf', 'заметка.txt'],
    );
    const added = card.body.history.filter((entry: { action: string }) => entry.action === 'attachment-added');
    assert.equal(added.length, 3, 'каждый файл — в ленте');
    assert.equal(added[0].title, 'Приложен файл');
    assert.equal(await auditCount(caseId, 'case.attachment_added'), 3, 'каждая загрузка — строка аудита');
  });

  test('подмена типа: PNG с именем .pdf, HTML под видом .jpg, исполняемый файл, заявленный тип не тот', async () => {
    const caseId = await createCase();
    const pngAsPdf = await upload('zarechny.im', caseId, 'скан.pdf', PNG, 'application/pdf');
    assert.equal(pngAsPdf.status, 415);
    assert.equal(pngAsPdf.body.error.code, 'ATTACHMENT_TYPE_MISMATCH');
    assert.match(pngAsPdf.body.error.message, /«скан\.pdf».*PNG.*\.pdf/);

    const htmlAsJpg = await upload('zarechny.im', caseId, 'фото.jpg', HTML, 'image/jpeg');
    assert.equal(htmlAsJpg.status, 415);
    assert.equal(htmlAsJpg.body.error.code, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    assert.match(htmlAsJpg.body.error.message, /«фото\.jpg».*HTML/);

    const svg = await upload(
      'zarechny.im',
      caseId,
      'схема.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    );
    assert.equal(svg.body.error.code, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    const exe = await upload('zarechny.im', caseId, 'акт.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    assert.equal(exe.body.error.code, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    assert.match(exe.body.error.message, /исполняемый/);

    const claimed = await upload('zarechny.im', caseId, 'фото.png', PNG, 'text/html');
    assert.equal(claimed.status, 415);
    assert.equal(claimed.body.error.code, 'ATTACHMENT_TYPE_MISMATCH');

    const card = await (await as('zarechny.im')).request('GET', `/api/cases/${caseId}`);
    assert.equal(card.body.attachments.length, 0, 'ничего не сохранено');
    assert.equal(await auditCount(caseId, 'case.attachment_added'), 0);
  });

  test('слишком большой файл и слишком много файлов', async () => {
    const caseId = await createCase();
    const big = Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - PNG.length)]);
    const tooBig = await upload('zarechny.im', caseId, 'большое фото.png', big, 'image/png');
    assert.equal(tooBig.status, 413, JSON.stringify(tooBig.body));
    assert.equal(tooBig.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(tooBig.body.error.message, /«большое фото\.png»/);

    // Just under the limit passes (the route's own limit, above the application's 5 MB default for uploads).
    const largest = Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_MAX_BYTES - 1024 - PNG.length)]);
    const accepted = await upload('zarechny.im', caseId, 'почти 10 МБ.png', largest, 'image/png');
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    assert.equal(accepted.body.sizeBytes, largest.length);

    for (let index = 1; index < ATTACHMENTS_PER_CASE_MAX; index += 1) {
      const accepted = await upload('zarechny.im', caseId, `заметка ${index}.txt`, Buffer.from(`строка ${index}`));
      assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    }
    const extra = await upload('zarechny.im', caseId, 'лишний.txt', Buffer.from('ещё'));
    assert.equal(extra.status, 409);
    assert.equal(extra.body.error.code, 'ATTACHMENT_LIMIT_REACHED');
    assert.match(extra.body.error.message, /«лишний\.txt»/);
  });
});

describe('вложения: доступ как к сообщению', () => {
  test('чужой муниципалитет — 404, исполнитель без направления — 404, глава читает, но не прикладывает', async () => {
    const caseId = await createCase();
    const photo = await upload('zarechny.im', caseId, 'яма.png', PNG, 'image/png');
    assert.equal(photo.status, 201);

    for (const login of ['sosnovsky.im', 'sosnovsky.mcu', 'zarechny.executor']) {
      const client = await as(login);
      assert.equal((await client.request('GET', photo.body.url)).status, 404, `${login}: содержимое`);
      assert.equal((await client.request('GET', `/api/cases/${caseId}/attachments`)).status, 404, `${login}: список`);
      assert.equal((await upload(login, caseId, 'моё.png', PNG, 'image/png')).status, 404, `${login}: загрузка`);
      const removed = await client.request('DELETE', `/api/cases/${caseId}/attachments/${photo.body.id}`);
      assert.equal(removed.status, 404, `${login}: удаление`);
    }
    const otherCase = await createCase();
    const wrongPair = await (await as('zarechny.im')).request(
      'GET',
      `/api/cases/${otherCase}/attachments/${photo.body.id}/content`,
    );
    assert.equal(wrongPair.status, 404, 'файл другого сообщения по чужому адресу не отдаётся');

    const head = await as('zarechny.glava');
    const headRead = await head.request('GET', photo.body.url);
    assert.equal(headRead.status, 200);
    assert.equal((await upload('zarechny.glava', caseId, 'глава.png', PNG, 'image/png')).status, 403);

    // Once assigned, the executor reads and adds files.
    await act('zarechny.im', caseId, 'take');
    assert.equal((await act('zarechny.im', caseId, 'assign', { executorId: await executorId() })).status, 200);
    const executor = await as('zarechny.executor');
    assert.equal((await executor.request('GET', photo.body.url)).status, 200);
    assert.equal((await upload('zarechny.executor', caseId, 'после.png', PNG, 'image/png')).status, 201);
  });

  test('удаление: своё — можно, с аудитом; чужое исполнителю — нельзя; то, на что ссылается ответ, — нельзя', async () => {
    const caseId = await createCase();
    await act('zarechny.im', caseId, 'take');
    await act('zarechny.im', caseId, 'assign', { executorId: await executorId() });
    const byCoordinator = await upload('zarechny.im', caseId, 'схема.png', PNG, 'image/png');
    const draft = await upload('zarechny.executor', caseId, 'черновик.txt', Buffer.from('лишнее'));
    const executor = await as('zarechny.executor');
    const foreign = await executor.request('DELETE', `/api/cases/${caseId}/attachments/${byCoordinator.body.id}`);
    assert.equal(foreign.status, 403);
    const own = await executor.request('DELETE', `/api/cases/${caseId}/attachments/${draft.body.id}`);
    assert.equal(own.status, 204);
    assert.equal((await executor.request('GET', draft.body.url)).status, 404);
    assert.equal(await auditCount(caseId, 'case.attachment_removed'), 1);

    const evidence = await upload('zarechny.executor', caseId, 'после.png', PNG, 'image/png');
    assert.equal(
      (
        await act('zarechny.executor', caseId, 'draft-answer', {
          text: 'Яма заделана.',
          attachmentIds: [evidence.body.id],
        })
      ).status,
      200,
    );
    const inUse = await (await as('zarechny.im')).request(
      'DELETE',
      `/api/cases/${caseId}/attachments/${evidence.body.id}`,
    );
    assert.equal(inUse.status, 409);
    assert.equal(inUse.body.error.code, 'ATTACHMENT_IN_USE');
  });
});

describe('вложения в действиях', () => {
  test('проект ответа с фото работы; чужое вложение отклоняется; обещание подтверждено фото', async () => {
    const caseId = await createCase();
    await act('zarechny.im', caseId, 'take');
    await act('zarechny.im', caseId, 'assign', { executorId: await executorId() });

    const promised = await act('zarechny.executor', caseId, 'interim-answer', {
      text: 'Яму заделаем до конца недели.',
      promisedAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    assert.equal(promised.status, 200, JSON.stringify(promised.body));
    assert.ok(promised.body.allowedActions.some((action: { name: string }) => action.name === 'fulfil-promise'));
    const progress = await upload('zarechny.executor', caseId, 'в работе.png', PNG, 'image/png');
    const kept = await act('zarechny.executor', caseId, 'fulfil-promise', { attachmentIds: [progress.body.id] });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    assert.deepEqual(kept.body.lifecycle.promiseReport.attachmentIds, [progress.body.id]);
    assert.ok(
      kept.body.deadlines.every(
        (deadline: { kind: string; state: string }) => deadline.kind !== 'promise' || deadline.state === 'stopped',
      ),
      'контроль обещания снят',
    );
    assert.ok(!kept.body.allowedActions.some((action: { name: string }) => action.name === 'fulfil-promise'));

    const otherCase = await createCase();
    const elsewhere = await upload('zarechny.im', otherCase, 'чужое.png', PNG, 'image/png');
    const wrong = await act('zarechny.executor', caseId, 'draft-answer', {
      text: 'Яма заделана.',
      attachmentIds: [elsewhere.body.id],
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.fields[0].field, 'attachmentIds');

    const photo = await upload('zarechny.executor', caseId, 'после ремонта.png', PNG, 'image/png');
    const drafted = await act('zarechny.executor', caseId, 'draft-answer', {
      text: 'Яма заделана 12.03, фото прилагаем.',
      attachmentIds: [photo.body.id],
    });
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    assert.deepEqual(drafted.body.lifecycle.draftAnswer.attachmentIds, [photo.body.id]);
    const entry = drafted.body.history.find((item: { action: string }) => item.action === 'draft-answer');
    assert.deepEqual(entry.payload.attachmentIds, [photo.body.id], 'лента хранит вложения ответа');
  });

  test('перенаправление в другую организацию: сопроводительное письмо DOCX приложено к сообщению', async () => {
    const caseId = await createCase('zarechny.im', {
      text: 'На трассе Р-255 у поворота на Заречный разрушено покрытие, глубокие ямы',
      territory: { address: 'трасса Р-255, 12-й км' },
    });
    await act('zarechny.im', caseId, 'take');
    const forwarded = await act('zarechny.im', caseId, 'forward', {
      externalOrganisation: 'ФКУ Упрдор «Сибирь»',
      coveringLetter: 'Участок относится к федеральной трассе.',
    });
    assert.equal(forwarded.status, 200, JSON.stringify(forwarded.body));
    assert.equal(forwarded.body.state, 'forwarded');
    const letters = forwarded.body.attachments.filter((item: { origin: string }) => item.origin === 'generated');
    assert.equal(letters.length, 1);
    const letter = letters[0];
    assert.equal(letter.type, 'docx');
    assert.equal(forwarded.body.lifecycle.coveringLetterAttachmentId, letter.id);
    const entry = forwarded.body.history.find((item: { action: string }) => item.action === 'forward');
    assert.equal(entry.payload.coveringLetterAttachmentId, letter.id);
    assert.equal(await auditCount(caseId, 'case.attachment_added'), 1, 'создание письма — в аудите');

    const response = await fetch(`${server.url}${letter.url}`, {
      headers: { cookie: await sessionCookie('zarechny.im') },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment;/);
    const docx = Buffer.from(await response.arrayBuffer());
    const entries = listZipEntries(docx);
    assert.ok(entries, 'DOCX — это ZIP');
    const documentXml = entries.find((item) => item.name === 'word/document.xml');
    assert.ok(documentXml);
    const xml = readZipEntry(docx, documentXml)?.toString('utf8') ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    assert.match(text, /Сопроводительное письмо/);
    assert.match(text, /ФКУ Упрдор «Сибирь»/);
    assert.match(text, new RegExp(`сообщение № ${forwarded.body.number}`));
    assert.match(text, /разрушено покрытие/);
    assert.match(text, /Участок относится к федеральной трассе\./);
    assert.match(text, /Гришин Павел Олегович/);
    assert.match(text, /Ответственный за ИМ/);
    assert.match(text, /трасса Р-255, 12-й км/);
  });
});

/** The session cookie of a signed-in test client, for a raw fetch of binary content. */
async function sessionCookie(login: string): Promise<string> {
  const client = await as(login);
  return (client as unknown as { cookie: string }).cookie;
}
