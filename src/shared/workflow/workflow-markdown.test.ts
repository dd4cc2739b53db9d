import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  describeWorkflowAsMarkdown,
  GENERATED_SECTION_BEGIN,
  GENERATED_SECTION_END,
  IM_WORKFLOW,
  renderWorkflowsDocumentSection,
  SHIPPED_WORKFLOWS,
} from './index.js';

const DOCUMENT = path.resolve(import.meta.dirname, '../../../docs/workflows.md');
const REGENERATE =
  'npx tsx -e "import(\'./src/shared/workflow/index.ts\').then((m) => process.stdout.write(m.renderWorkflowsDocumentSection(m.SHIPPED_WORKFLOWS)))"';

test('docs/workflows.md содержит таблицы, построенные из данных процессов, без расхождений', () => {
  const document = readFileSync(DOCUMENT, 'utf8');
  const begin = document.indexOf(GENERATED_SECTION_BEGIN);
  const end = document.indexOf(GENERATED_SECTION_END);
  assert.ok(begin >= 0 && end > begin, 'в документе нет меток созданной части');
  const section = document.slice(begin, end + GENERATED_SECTION_END.length);
  assert.equal(section, renderWorkflowsDocumentSection(SHIPPED_WORKFLOWS), `документ устарел; обновите: ${REGENERATE}`);
  for (const workflow of SHIPPED_WORKFLOWS)
    assert.ok(document.includes(describeWorkflowAsMarkdown(workflow)), workflow.id);
});

test('таблица процесса: состояния с группами, кто, откуда куда, таймеры и события', () => {
  const markdown = describeWorkflowAsMarkdown(IM_WORKFLOW);
  assert.match(markdown, /^### Инцидент менеджмент \(`im`\)/);
  assert.match(markdown, /\| `awaiting_resident` \| Ответ опубликован, ждём реакции автора \| Дан ответ \| нет \|/);
  assert.match(
    markdown,
    /\| `take` Взять в работу \| Ответственный за Инцидент менеджмент, Руководитель МЦУ \| Новое → В работе у координатора \| — \| стоп: первая реакция \| `case\.taken` \|/,
  );
  assert.match(markdown, /если оценка ≤ 3 и назначен исполнитель → У исполнителя \(возврат в работу\)/);
  assert.match(markdown, /любое, кроме: Ответ опубликован, ждём реакции автора → \(не меняется\)/);
});
