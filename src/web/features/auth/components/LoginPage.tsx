import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { type LoginInput, LoginSchema } from '../../../../shared/contracts/auth.contract.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { PRODUCT_NAME } from '../../../components/product-name.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { zodFormRule } from '../../../lib/zod-form-rule.js';
import { isApiError } from '../../../platform/http-client.js';
import { useSignIn } from '../hooks/use-session.js';

type LoginPageProps = {
  /** Where to go after signing in: the page the user was sent away from, or the overview. */
  redirectTo: string;
};

export function LoginPage({ redirectTo }: LoginPageProps) {
  const [form] = Form.useForm<LoginInput>();
  const navigate = useNavigate();
  const signInMutation = useSignIn();
  useDocumentTitle('Вход');

  const submit = (values: LoginInput) => {
    signInMutation.mutate(values, {
      onSuccess: () => {
        void navigate({ href: redirectTo, replace: true });
      },
      onError: (error) => {
        if (isApiError(error) && error.fields.length > 0) {
          form.setFields(
            error.fields.map((field) => ({ name: field.field as keyof LoginInput, errors: [field.message] })),
          );
        }
      },
    });
  };

  const error = signInMutation.error;
  const hasFieldErrors = isApiError(error) && error.fields.length > 0;

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f0f2f5' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={2} style={{ marginBottom: 0 }}>
          {PRODUCT_NAME}
        </Typography.Title>
        <Typography.Paragraph type="secondary">Платформа муниципального центра управления</Typography.Paragraph>
        <Form<LoginInput>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          onValuesChange={() => signInMutation.reset()}
        >
          <Form.Item label="Логин" name="login" rules={[zodFormRule(LoginSchema.shape.login)]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Пароль" name="password" rules={[zodFormRule(LoginSchema.shape.password)]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error && !hasFieldErrors ? (
            <Alert type="error" showIcon title={describeError(error)} style={{ marginBottom: 16 }} role="alert" />
          ) : null}
          <Button type="primary" htmlType="submit" block loading={signInMutation.isPending}>
            Войти
          </Button>
        </Form>
      </Card>
    </div>
  );
}
