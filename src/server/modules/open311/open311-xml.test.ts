import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { childText, parseXml } from '../../test-support/xml-reader.js';
import { escapeXmlText, serializeXml } from './open311-xml.js';

test('XML: экранирование и недопустимые символы', () => {
  assert.equal(escapeXmlText(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
  assert.equal(escapeXmlText('x\u0000y\u0007z\uD800'), 'xyz');
  assert.equal(escapeXmlText('эмодзи 😀 и таб\t'), 'эмодзи 😀 и таб\t');
});

test('XML: массивы — повторяющиеся элементы с именем из таблицы, null — пустой элемент', () => {
  const xml = serializeXml(
    'services',
    [
      { service_code: '001', group: null },
      { service_code: '002', group: 'Дороги' },
    ],
    {
      services: 'service',
    },
  );
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>001</service_code><group/></service><service><service_code>002</service_code><group>Дороги</group></service></services>',
  );
});

test('XML: любой текст даёт правильно построенный документ и читается обратно (без запрещённых символов)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      const document = parseXml(serializeXml('request', { description: text }));
      const expected = escapeXmlText(text)
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&apos;', "'")
        .replaceAll('&amp;', '&');
      assert.equal(childText(document, 'description'), expected);
    }),
    { numRuns: 300 },
  );
});

test('XML: неверное имя элемента — ошибка программиста, а не документ', () => {
  assert.throws(() => serializeXml('bad name', {}));
});
