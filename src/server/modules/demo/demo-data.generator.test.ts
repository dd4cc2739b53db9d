import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASE_STATUSES, CHANNELS } from '../../../shared/channels.js';
import { DEMO_REGION, type DemoCase, type DemoMunicipality, generateDemoCases } from './demo-data.generator.js';

const NOW = new Date('2026-02-16T05:30:00Z');
const WINDOW_MILLISECONDS = 60 * 24 * 3_600_000;
const OPEN_STATUSES = new Set(['new', 'moderation', 'in_work', 'answer_review']);

function getMunicipality(slug: string): DemoMunicipality {
  const municipality = DEMO_REGION.municipalities.find((candidate) => candidate.slug === slug);
  assert.ok(municipality, `нет муниципалитета ${slug}`);
  return municipality;
}

const city = getMunicipality('zarechny');
const district = getMunicipality('sosnovsky');

function generate(count: number, seed = 7, municipality = city, now = NOW): DemoCase[] {
  return generateDemoCases({ municipality, count, seed, now });
}

function distanceKilometers(latitude: number, longitude: number, center: DemoMunicipality['center']): number {
  const north = (latitude - center.latitude) * 111.32;
  const east = (longitude - center.longitude) * 111.32 * Math.cos((center.latitude * Math.PI) / 180);
  return Math.hypot(north, east);
}

test('the demo region has two fictional municipalities with a real time zone', () => {
  assert.equal(DEMO_REGION.slug, 'demo-region');
  assert.equal(DEMO_REGION.name, 'Демонстрационная область');
  assert.equal(DEMO_REGION.municipalities.length, 2);
  for (const municipality of DEMO_REGION.municipalities) {
    assert.doesNotThrow(() => new Intl.DateTimeFormat('ru-RU', { timeZone: municipality.timezone }));
    assert.ok(municipality.districts.length >= 5);
    assert.ok(municipality.population > 0);
  }
});

test('the same options give identical cases, another seed gives other cases', () => {
  assert.deepEqual(generate(300, 42), generate(300, 42));
  const other = generate(300, 43);
  assert.notDeepEqual(generate(300, 42), other);
  assert.notDeepEqual(
    generate(50, 42).map((item) => item.text),
    other.slice(0, 50).map((item) => item.text),
  );
});

test('the count is honoured, including zero', () => {
  assert.equal(generate(0).length, 0);
  assert.equal(generate(1).length, 1);
  assert.equal(generate(137).length, 137);
  assert.throws(() => generate(-1), RangeError);
  assert.throws(() => generate(2.5), RangeError);
});

test('external ids are unique per channel and look like the channel’s own ids', () => {
  const cases = generate(1000, 3);
  for (const channel of CHANNELS) {
    const ids = cases.filter((item) => item.channel === channel).map((item) => item.externalId);
    assert.equal(new Set(ids).size, ids.length, `повторяющиеся externalId в канале ${channel}`);
  }
  for (const item of cases) {
    if (item.channel === 'pos') assert.match(item.externalId, /^\d{9}$/);
    if (item.channel === 'letter') assert.match(item.externalId, /^ОГ-\d+\/\d{4}$/);
  }
});

test('every case has Russian text, an address, a district and coordinates near its municipality', () => {
  for (const municipality of [city, district]) {
    for (const item of generate(400, 11, municipality)) {
      assert.match(item.text, /[а-яё]{3,}/i);
      assert.ok(item.text.trim().length >= 15, item.text);
      assert.doesNotMatch(item.text, /[{}[\]]|undefined/, item.text);
      assert.ok(item.address.length > 5);
      assert.match(item.address, /(ул\.|пр\.|пер\.|б-р)/);
      assert.ok(municipality.districts.includes(item.district));
      assert.ok(CASE_STATUSES.includes(item.status));
      assert.ok(item.category.length > 0);
      assert.ok(distanceKilometers(item.latitude, item.longitude, municipality.center) < 25);
    }
  }
});

test('addresses in a municipal district start with the settlement', () => {
  for (const item of generate(200, 5, district)) assert.ok(item.address.startsWith(`${item.district}, `), item.address);
});

test('dates lie in the 60-day window and closing follows receipt', () => {
  for (const seed of [1, 2, 3]) {
    for (const item of generate(400, seed)) {
      const received = item.receivedAt.getTime();
      assert.ok(received <= NOW.getTime(), 'receivedAt в будущем');
      assert.ok(received >= NOW.getTime() - WINDOW_MILLISECONDS, 'receivedAt раньше 60 дней');
      const isClosed = item.status === 'closed' || item.status === 'answered' || item.status === 'rejected';
      assert.equal(item.closedAt !== null, isClosed, `closedAt и статус ${item.status}`);
      if (item.closedAt) {
        assert.ok(item.closedAt.getTime() >= received);
        assert.ok(item.closedAt.getTime() <= NOW.getTime());
      }
      if (item.dueAt) assert.ok(item.dueAt.getTime() > received);
    }
  }
});

test('cases come ordered by receipt', () => {
  const cases = generate(300);
  for (let index = 1; index < cases.length; index += 1) {
    assert.ok((cases[index]?.receivedAt.getTime() ?? 0) >= (cases[index - 1]?.receivedAt.getTime() ?? 0));
  }
});

test('400 cases contain every channel; appeals are kind appeal, everything else a message', () => {
  const cases = generate(400, 9);
  for (const channel of CHANNELS)
    assert.ok(
      cases.some((item) => item.channel === channel),
      `нет канала ${channel}`,
    );
  const appealChannels = new Set(['letter', 'email', 'reception']);
  for (const item of cases) assert.equal(item.kind, appealChannels.has(item.channel) ? 'appeal' : 'message');
});

test('channel details: social posts carry no contacts, appeals a full name and a formal request', () => {
  const cases = generate(600, 13);
  for (const item of cases.filter(
    (candidate) => candidate.channel === 'im' || candidate.channel === 'official_pages',
  )) {
    assert.equal(item.applicantPhone, null);
    assert.equal(item.applicantEmail, null);
  }
  for (const item of cases.filter((candidate) => candidate.channel === 'letter' || candidate.channel === 'email')) {
    assert.equal(item.applicantName.split(' ').length, 3, item.applicantName);
    assert.match(item.text, /(прошу|просим)/i);
  }
  for (const item of cases.filter((candidate) => candidate.applicantPhone !== null)) {
    assert.match(item.applicantPhone ?? '', /^\+7 9\d{2} \d{3}-\d{2}-\d{2}$/);
  }
  assert.ok(cases.some((item) => item.applicantEmail !== null));
});

test('statuses follow age: old cases mostly finished, some open cases are overdue', () => {
  const cases = generate(400, 21);
  const old = cases.filter((item) => NOW.getTime() - item.receivedAt.getTime() > 35 * 24 * 3_600_000);
  const finished = old.filter((item) => item.status === 'closed' || item.status === 'answered');
  assert.ok(finished.length / old.length > 0.7, `закрыто ${finished.length} из ${old.length}`);
  const overdue = cases.filter((item) => OPEN_STATUSES.has(item.status) && item.dueAt && item.dueAt < NOW);
  assert.ok(overdue.length > 0);
  assert.ok(cases.some((item) => item.status === 'rejected'));
  assert.ok(cases.some((item) => item.status === 'new' || item.status === 'moderation'));
  const fastTrack = cases.filter((item) => item.isFastTrack).length / cases.length;
  assert.ok(fastTrack > 0.04 && fastTrack < 0.2, `фаст-трек ${fastTrack}`);
});

test('head-page comments are due the same day at 18:00 local time (or the next day when later)', () => {
  const comments = generate(500, 17).filter((item) => item.channel === 'official_pages' && item.dueAt);
  assert.ok(comments.length > 0);
  for (const item of comments) {
    const localDue = new Intl.DateTimeFormat('ru-RU', { timeZone: city.timezone, hour: '2-digit', minute: '2-digit' });
    assert.equal(localDue.format(item.dueAt ?? undefined), '18:00');
    assert.ok((item.dueAt?.getTime() ?? 0) - item.receivedAt.getTime() <= 24 * 3_600_000);
  }
});

test('texts are varied and topics follow the season', () => {
  const winter = generate(400, 4);
  assert.ok(new Set(winter.map((item) => item.text)).size >= 0.9 * winter.length);
  assert.ok(new Set(winter.map((item) => item.subcategory)).size >= 20);
  const summer = generate(400, 4, city, new Date('2026-07-20T06:00:00Z'));
  assert.ok(!summer.some((item) => item.subcategory === 'Уборка снега'));
  assert.ok(!winter.some((item) => item.subcategory === 'Покос травы'));
});

test('generating 1,000 cases is fast', () => {
  generate(1000, 99);
  const started = performance.now();
  generate(1000, 100);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 100, `${elapsed.toFixed(1)} мс`);
});
