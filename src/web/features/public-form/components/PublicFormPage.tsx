import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { UploadFile } from 'antd';
import { Alert, Button, Card, Form, Input, Layout, Result, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { SubmittedPublicMessage } from '../../../../shared/contracts/public-form.contract.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { newSubmissionId } from '../../../lib/submission-id.js';
import { isApiError } from '../../../platform/http-client.js';
import { fetchPublicForm, submitPublicMessage } from '../api/public-form.api.js';

type FormValues = {
  serviceCode: string;
  text: string;
  address?: string;
  name?: string;
  email?: string;
  phone?: string;
  website?: string;
};

/** The municipality's form for residents: no sign-in; category, text, place, contact, photos. */
export function PublicFormPage({ slug }: { slug: string }) {
  useDocumentTitle('Сообщить о проблеме');
  const [form] = Form.useForm<FormValues>();
  const [point, setPoint] = useState<{ latitude: number; longitude: number } | null>(null);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [sent, setSent] = useState<SubmittedPublicMessage | null>(null);
  // One sending: a retry after an error (the answer may have been lost, not the message) is the same sending,
  // and the server answers it with the same case instead of a second one.
  const [submissionId] = useState(newSubmissionId);
  const formQuery = useQuery({
    queryKey: ['public-form', slug],
    queryFn: () => fetchPublicForm(slug),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const submit = useMutation({
    mutationFn: (values: FormValues) => {
      const token = formQuery.data?.formToken ?? '';
      return submitPublicMessage(
        slug,
        {
          formToken: token,
          submissionId,
          website: values.website ?? '',
          serviceCode: values.serviceCode,
          text: values.text,
          address: values.address,
          name: values.name,
          email: values.email,
          phone: values.phone,
          ...(point ?? {}),
        },
        photos.flatMap((photo) => (photo.originFileObj ? [photo.originFileObj as File] : [])),
      );
    },
    onSuccess: setSent,
    onError: (error) => {
      if (isApiError(error)) {
        form.setFields(
          error.fields
            .filter((field) => ['serviceCode', 'text', 'address', 'name', 'email', 'phone'].includes(field.field))
            .map((field) => ({ name: field.field as keyof FormValues, errors: [field.message] })),
        );
      }
    },
  });

  const locate = () =>
    navigator.geolocation?.getCurrentPosition((position) =>
      setPoint({ latitude: position.coords.latitude, longitude: position.coords.longitude }),
    );

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 720, width: '100%', margin: '0 auto', padding: 24 }}>
        {formQuery.isError ? (
          <Result status="404" title="Форма не найдена" subTitle={describeError(formQuery.error)} />
        ) : sent ? (
          <Result
            status="success"
            title={`Сообщение № ${sent.number} принято`}
            subTitle="Сохраните ссылку: по ней видно, что сделано, и можно оценить ответ. Ссылка секретная — не публикуйте её."
            extra={
              <Link to={sent.statusPath} data-testid="status-link">
                {`${window.location.origin}${sent.statusPath}`}
              </Link>
            }
          />
        ) : (
          <Card
            title={formQuery.data ? `Сообщить о проблеме — ${formQuery.data.tenantName}` : 'Сообщить о проблеме'}
            loading={formQuery.isLoading}
          >
            <Form form={form} layout="vertical" onFinish={(values) => submit.mutate(values)} requiredMark="optional">
              <Form.Item
                name="serviceCode"
                label="Категория"
                rules={[{ required: true, message: 'Выберите категорию' }]}
              >
                <Select
                  placeholder="Выберите категорию"
                  options={formQuery.data?.services.map((service) => ({ value: service.code, label: service.name }))}
                />
              </Form.Item>
              <Form.Item
                name="text"
                label="Что случилось"
                rules={[{ required: true, min: 10, message: 'Опишите проблему (не меньше 10 символов)' }]}
              >
                <Input.TextArea rows={5} maxLength={5000} showCount />
              </Form.Item>
              <Form.Item
                name="address"
                label="Адрес или ориентир"
                extra="Укажите адрес или определите место на карте по своему местоположению."
              >
                <Input maxLength={500} />
              </Form.Item>
              <Space style={{ marginBottom: 16 }}>
                <Button onClick={locate}>Моё местоположение</Button>
                {point ? (
                  <Typography.Text type="secondary">
                    Точка: {point.latitude.toFixed(5)}, {point.longitude.toFixed(5)}{' '}
                    <Button type="link" size="small" onClick={() => setPoint(null)}>
                      убрать
                    </Button>
                  </Typography.Text>
                ) : null}
              </Space>
              <Form.Item label="Фотографии (до 3, JPEG/PNG/WebP/GIF)">
                <Upload
                  accept="image/jpeg,image/png,image/webp,image/gif"
                  listType="picture"
                  fileList={photos}
                  beforeUpload={() => false}
                  maxCount={3}
                  multiple
                  onChange={({ fileList }) => setPhotos(fileList.slice(0, 3))}
                >
                  <Button>Выбрать фото</Button>
                </Upload>
              </Form.Item>
              <Form.Item name="name" label="Как к вам обращаться">
                <Input maxLength={200} autoComplete="name" />
              </Form.Item>
              <Space.Compact block>
                <Form.Item name="email" label="Электронная почта" style={{ flex: 1 }}>
                  <Input maxLength={200} autoComplete="email" />
                </Form.Item>
                <Form.Item name="phone" label="Телефон" style={{ flex: 1 }}>
                  <Input maxLength={30} autoComplete="tel" />
                </Form.Item>
              </Space.Compact>
              {/* The honeypot: invisible to people, tempting to bots. */}
              <div
                aria-hidden="true"
                style={{ position: 'absolute', left: -10_000, width: 1, height: 1, overflow: 'hidden' }}
              >
                <Form.Item name="website" label="Сайт">
                  <Input tabIndex={-1} autoComplete="off" />
                </Form.Item>
              </div>
              {submit.isError ? (
                <Alert type="error" showIcon message={describeError(submit.error)} style={{ marginBottom: 16 }} />
              ) : null}
              <Button type="primary" htmlType="submit" loading={submit.isPending}>
                Отправить
              </Button>
            </Form>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
