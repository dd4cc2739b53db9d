import { Alert, Form, type FormInstance, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { TEXT_MAX_LENGTH } from '../../../../shared/workflow/index.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useAnswerTemplates, useRenderAnswerTemplate } from '../hooks/use-case-work.js';
import { AttachmentPicker } from './AttachmentPicker.js';

type AnswerEditorFieldsProps = {
  item: CaseDetail;
  form: FormInstance;
};

/**
 * The answer editor: the text, and a template picker (the case's topic first, then the most used) that fills
 * the text from the case's data; placeholders the case cannot fill are named.
 */
export function AnswerEditorFields({ item, form }: AnswerEditorFieldsProps) {
  const templatesQuery = useAnswerTemplates(item.category, true);
  const renderMutation = useRenderAnswerTemplate(item.id);
  const [missing, setMissing] = useState<string[]>([]);

  const pickTemplate = (templateId: string | undefined) => {
    setMissing([]);
    if (!templateId) {
      return;
    }
    renderMutation.mutate(templateId, {
      onSuccess: (rendered) => {
        form.setFieldsValue({ text: rendered.text, templateId });
        form.setFields([{ name: 'text', errors: [] }]);
        setMissing(rendered.missing);
      },
    });
  };

  const options = (templatesQuery.data ?? []).map((template) => ({
    value: template.id,
    label: template.title,
    topic: template.topic,
    useCount: template.useCount,
  }));

  return (
    <>
      <Form.Item
        name="templateId"
        label="Шаблон ответа"
        extra="Сначала — шаблоны по теме сообщения, затем самые используемые"
      >
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={templatesQuery.data?.length === 0 ? 'Шаблонов пока нет' : 'Выберите шаблон'}
          loading={templatesQuery.isFetching || renderMutation.isPending}
          options={options}
          onChange={(value: string | undefined) => pickTemplate(value)}
          optionRender={(option) => (
            <Space orientation="vertical" size={0}>
              <span>{option.data.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {option.data.topic ?? 'Без темы'} · использован {option.data.useCount} раз
              </Typography.Text>
            </Space>
          )}
          data-testid="answer-template-select"
        />
      </Form.Item>
      {templatesQuery.isError ? <ErrorAlert error={templatesQuery.error} /> : null}
      {renderMutation.isError ? <ErrorAlert error={renderMutation.error} /> : null}
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Не заполнено: ${missing.join(', ')}`}
          description="Допишите эти места в тексте сами."
          data-testid="answer-template-missing"
        />
      ) : null}
      <Form.Item
        name="text"
        label="Текст ответа"
        rules={[{ required: true, whitespace: true, message: 'Напишите текст ответа' }]}
      >
        <Input.TextArea
          autoSize={{ minRows: 6, maxRows: 14 }}
          maxLength={TEXT_MAX_LENGTH}
          showCount
          data-testid="answer-text"
        />
      </Form.Item>
      <Form.Item
        name="attachmentIds"
        label="Вложения, подтверждающие работу"
        extra="Отмеченные файлы уйдут вместе с ответом"
      >
        <AttachmentPicker item={item} hint="Фото «после», акты, справки." />
      </Form.Item>
    </>
  );
}
