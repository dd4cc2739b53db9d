import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import {
  type ChangePasswordInput,
  ChangePasswordSchema,
  PASSWORD_MIN_LENGTH,
} from '../../../../shared/contracts/auth.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { zodFormRule } from '../../../lib/zod-form-rule.js';
import { isApiError } from '../../../platform/http-client.js';
import { useChangePassword } from '../../auth/hooks/use-session.js';

type ChangePasswordValues = ChangePasswordInput & { newPasswordRepeat: string };

const FORM_FIELDS: ReadonlySet<string> = new Set<keyof ChangePasswordValues>([
  'currentPassword',
  'newPassword',
  'newPasswordRepeat',
]);

export function ChangePasswordForm() {
  const [form] = Form.useForm<ChangePasswordValues>();
  const changePasswordMutation = useChangePassword();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();

  const submit = ({ currentPassword, newPassword }: ChangePasswordValues) => {
    setFormError(null);
    changePasswordMutation.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success('Пароль изменён. При следующем входе используйте новый пароль.');
        },
        onError: (error) => {
          if (!isApiError(error)) {
            setFormError(error);
            return;
          }
          if (error.code === 'WRONG_PASSWORD') {
            form.setFields([{ name: 'currentPassword', errors: [error.message] }]);
            return;
          }
          const known = error.fields.filter((field) => FORM_FIELDS.has(field.field));
          form.setFields(
            known.map((field) => ({ name: field.field as keyof ChangePasswordValues, errors: [field.message] })),
          );
          if (known.length === 0) {
            setFormError(error);
          }
        },
      },
    );
  };

  return (
    <Form<ChangePasswordValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={submit}
      style={{ maxWidth: 420 }}
    >
      <Form.Item
        label="Текущий пароль"
        name="currentPassword"
        rules={[zodFormRule(ChangePasswordSchema.shape.currentPassword)]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="Новый пароль"
        name="newPassword"
        extra={`Не короче ${PASSWORD_MIN_LENGTH} символов.`}
        rules={[
          zodFormRule(ChangePasswordSchema.shape.newPassword),
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              value && value === getFieldValue('currentPassword')
                ? Promise.reject(new Error('Новый пароль должен отличаться от текущего'))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="Новый пароль ещё раз"
        name="newPasswordRepeat"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: 'Повторите новый пароль' },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error('Пароли не совпадают')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {formError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={formError} />
        </div>
      ) : null}
      <Button type="primary" htmlType="submit" loading={changePasswordMutation.isPending}>
        Сменить пароль
      </Button>
    </Form>
  );
}
