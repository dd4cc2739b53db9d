import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isSimilarText,
  normaliseAddress,
  normalisePersonName,
  normalisePhone,
  sameApplicantReason,
  similarSubjectReason,
  subjectStems,
} from './appeal-similarity.js';

describe('признаки повторного обращения', () => {
  test('ФИО, адрес и телефон сравниваются без учёта регистра, «ё», пробелов и сокращений', () => {
    assert.equal(normalisePersonName('  Семёнов   Пётр  Ильич '), normalisePersonName('семенов петр ильич'));
    assert.equal(normaliseAddress('ул. Ленина, д. 5, кв. 12'), normaliseAddress('улица Ленина дом 5 квартира 12'));
    assert.equal(normalisePhone('+7 (913) 123-45-67'), normalisePhone('8 913 1234567'));
    assert.equal(normalisePhone('12'), null);
  });

  test('тот же заявитель — то же ФИО и общий контакт; однофамилец с другим адресом — нет', () => {
    const earlier = { name: 'Иванов Иван Иванович', address: 'ул. Ленина, 5', email: null, phone: null };
    assert.ok(sameApplicantReason({ ...earlier, address: 'улица Ленина 5' }, earlier));
    assert.equal(sameApplicantReason({ ...earlier, address: 'ул. Мира, 1' }, earlier), null);
    assert.ok(
      sameApplicantReason({ ...earlier, address: null, phone: '89131234567' }, { ...earlier, phone: '+79131234567' }),
    );
    assert.equal(sameApplicantReason({ ...earlier, name: 'Иванов Пётр Иванович' }, earlier), null);
  });

  test('похожая тема — тот же код классификатора или общие основы слов', () => {
    const a = subjectStems('Прошу отремонтировать дорогу у дома 5, на дороге глубокие ямы');
    const b = subjectStems('Когда отремонтируют дорогу? Ямы на дорогах у дома не засыпаны');
    const c = subjectStems('Не вывозят мусор с контейнерной площадки третью неделю');
    assert.ok(isSimilarText(a, b), `${a} / ${b}`);
    assert.equal(isSimilarText(a, c), false);
    assert.ok(
      similarSubjectReason(
        { classifierCode: '0003.0009.0097.0685', stems: c },
        { classifierCode: '0003.0009.0097.0685', stems: a },
      ),
    );
    assert.equal(similarSubjectReason({ classifierCode: null, stems: c }, { classifierCode: null, stems: a }), null);
  });
});
