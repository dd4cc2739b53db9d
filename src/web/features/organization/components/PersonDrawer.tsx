import { App, Button, Divider, Drawer, Form, Input, Select, Space, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import {
  CreatePersonSchema,
  type Person,
  UpdatePersonSchema,
} from '../../../../shared/contracts/organization.contract.js';
import type { Role } from '../../../../shared/roles.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { pickChanges } from '../api/changes.js';
import { applyServerFieldErrors, contractFieldRule, emptyToNull } from '../api/form-errors.js';
import type { RecipientTreeOption } from '../api/recipient-tree.js';
import { toRoleOptions } from '../api/select-options.js';
import { type TenantChoice, useCreatePerson, useUpdatePerson } from '../hooks/use-organization.js';

/** A new person (perhaps in a chosen recipient) or an existing one. */
export type PersonFormTarget = { mode: 'create'; recipientId: string | null } | { mode: 'edit'; person: Person };

type PersonFormValues = {
  fullName: string;
  position: string;
  email: string;
  phone: string;
  recipientId: string | null;
  roles: Role[];
  login: string;
  password: string;
};

const FORM_FIELDS = ['fullName', 'position', 'email', 'phone', 'recipientId', 'roles', 'login', 'password'] as const;

function initialValues(target: PersonFormTarget): PersonFormValues {
  if (target.mode === 'create') {
    return {
      fullName: '',
      position: '',
      email: '',
      phone: '',
      recipientId: target.recipientId,
      roles: [],
      login: '',
      password: '',
    };
  }
  const { person } = target;
  return {
    fullName: person.fullName,
    position: person.position ?? '',
    email: person.email ?? '',
    phone: person.phone ?? '',
    recipientId: person.recipientId,
    roles: person.roles,
    login: person.login ?? '',
    password: '',
  };
}

type PersonDrawerProps = {
  target: PersonFormTarget;
  choice: TenantChoice;
  recipientOptions: RecipientTreeOption[];
  roles: readonly Role[];
  onClose: () => void;
};

export function PersonDrawer({ target, choice, recipientOptions, roles, onClose }: PersonDrawerProps) {
  const [form] = Form.useForm<PersonFormValues>();
  const createMutation = useCreatePerson(choice.scope);
  const updateMutation = useUpdatePerson();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const isCreating = target.mode === 'create';
  const hadLogin = target.mode === 'edit' && target.person.login !== null;

  const handleError = (error: unknown) => {
    if (!applyServerFieldErrors(form, error, FORM_FIELDS)) {
      setFormError(error);
    }
  };

  const submit = (values: PersonFormValues) => {
    setFormError(null);
    const common = {
      fullName: values.fullName.trim(),
      position: emptyToNull(values.position),
      email: emptyToNull(values.email),
      phone: emptyToNull(values.phone),
      recipientId: values.recipientId ?? null,
      roles: values.roles,
      login: emptyToNull(values.login),
    };
    const password = emptyToNull(values.password);
    if (target.mode === 'create') {
      createMutation.mutate(
        { ...common, password },
        {
          onSuccess: (person) => {
            void message.success(`Сотрудник «${person.fullName}» добавлен`);
            onClose();
          },
          onError: handleError,
        },
      );
      return;
    }
    const { person } = target;
    const changes = pickChanges(
      {
        fullName: person.fullName,
        position: person.position,
        email: person.email,
        phone: person.phone,
        recipientId: person.recipientId,
        roles: person.roles,
        login: person.login,
      },
      common,
    );
    const input = password === null ? changes : { ...changes, password };
    if (Object.keys(input).length === 0) {
      onClose();
      return;
    }
    updateMutation.mutate(
      { id: person.id, input },
      {
        onSuccess: (saved) => {
          void message.success(`Сотрудник «${saved.fullName}» сохранён`);
          onClose();
        },
        onError: handleError,
      },
    );
  };

  const isSaving = createMutation.isPending || updateMutation.isPending;
  const title = target.mode === 'create' ? 'Новый сотрудник' : target.person.fullName;

  return (
    <Drawer
      open
      title={title}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>Отмена</Button>
          <Button type="primary" loading={isSaving} onClick={() => form.submit()}>
            {isCreating ? 'Добавить' : 'Сохранить'}
          </Button>
        </Space>
      }
    >
      <Form<PersonFormValues>
        form={form}
        name="person"
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues(target)}
        onFinish={submit}
        onValuesChange={() => setFormError(null)}
      >
        <Form.Item label="ФИО" name="fullName" rules={[contractFieldRule(CreatePersonSchema.shape.fullName)]}>
          <Input maxLength={300} placeholder="Иванова Мария Петровна" autoFocus={isCreating} />
        </Form.Item>
        <Form.Item label="Должность" name="position" rules={[contractFieldRule(CreatePersonSchema.shape.position)]}>
          <Input maxLength={300} placeholder="Начальник отдела" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item
            label="E-mail"
            name="email"
            rules={[contractFieldRule(CreatePersonSchema.shape.email)]}
            style={{ flex: 1 }}
          >
            <Input maxLength={200} type="email" placeholder="name@admin.example.ru" />
          </Form.Item>
          <Form.Item
            label="Телефон"
            name="phone"
            rules={[contractFieldRule(CreatePersonSchema.shape.phone)]}
            style={{ flex: 1 }}
          >
            <Input maxLength={50} placeholder="+7 …" />
          </Form.Item>
        </div>
        <Form.Item
          label="Ответственный получатель"
          name="recipientId"
          extra="Исполнитель видит сообщения, направленные этому получателю."
        >
          <TreeSelect
            allowClear
            placeholder="Не указан"
            treeData={recipientOptions}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
        <Form.Item label="Роли" name="roles" extra="У сотрудника может быть несколько ролей.">
          <Select
            mode="multiple"
            allowClear
            placeholder="Без ролей"
            options={toRoleOptions(roles)}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Divider titlePlacement="start" plain style={{ marginTop: 8 }}>
          Вход в систему
        </Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {isCreating
            ? 'Необязательно: участнику состава без работы в системе логин не нужен.'
            : hadLogin
              ? 'Очистите логин, чтобы закрыть вход. Пароль меняется, только если ввести новый.'
              : 'У сотрудника нет учётной записи. Задайте логин и пароль, чтобы он мог входить.'}
        </Typography.Paragraph>
        {target.mode === 'edit' && target.person.lastLoginAt ? (
          <Typography.Paragraph type="secondary">
            Последний вход: {formatDateTime(target.person.lastLoginAt)}
          </Typography.Paragraph>
        ) : null}
        <Form.Item label="Логин" name="login" rules={[contractFieldRule(CreatePersonSchema.shape.login)]}>
          <Input maxLength={63} autoComplete="off" placeholder="ivanova.mp" />
        </Form.Item>
        <Form.Item
          label={hadLogin ? 'Новый пароль' : 'Пароль'}
          name="password"
          dependencies={['login']}
          rules={[
            contractFieldRule(isCreating ? CreatePersonSchema.shape.password : UpdatePersonSchema.shape.password),
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                const login = (getFieldValue('login') as string | undefined)?.trim();
                if (login && !hadLogin && !value) {
                  throw new Error('Задайте пароль: без него по логину не войти');
                }
              },
            }),
          ]}
          extra="Не короче 10 символов. Сообщите его сотруднику; сменить пароль он сможет в профиле."
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {formError ? <ErrorAlert error={formError} /> : null}
      </Form>
    </Drawer>
  );
}
