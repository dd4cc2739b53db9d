import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Layout,
  Rate,
  Result,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { describeError } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import { commentPublicCase, fetchPublicStatus, ratePublicCase } from '../api/public-form.api.js';

/** The resident's page behind the secret link: the public timeline, the answer, rating and comment. */
export function PublicStatusPage({ token }: { token: string }) {
  useDocumentTitle('Ход рассмотрения сообщения');
  const queryClient = useQueryClient();
  const key = ['public-status', token];
  const status = useQuery({ queryKey: key, queryFn: () => fetchPublicStatus(token) });
  const rate = useMutation({
    mutationFn: (values: { rating: number; comment?: string }) =>
      ratePublicCase(token, values.rating, values.comment ?? ''),
    onSuccess: (data) => queryClient.setQueryData(key, data),
  });
  const comment = useMutation({
    mutationFn: (values: { text: string }) => commentPublicCase(token, values.text),
    onSuccess: (data) => queryClient.setQueryData(key, data),
  });
  const data = status.data;
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 760, width: '100%', margin: '0 auto', padding: 24 }}>
        {status.isError ? (
          <Result status="404" title="Сообщение не найдено" subTitle={describeError(status.error)} />
        ) : (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Card loading={status.isLoading} title={data ? `Сообщение № ${data.number}` : 'Сообщение'}>
              {data ? (
                <>
                  <Descriptions column={1} size="small">
                    <Descriptions.Item label="Муниципалитет">{data.tenantName}</Descriptions.Item>
                    <Descriptions.Item label="Категория">{data.category ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label="Подано">{formatDateTime(data.receivedAt)}</Descriptions.Item>
                    <Descriptions.Item label="Состояние">
                      <Tag color={data.isClosed ? 'default' : 'blue'} data-testid="public-status">
                        {data.statusTitle}
                      </Tag>
                    </Descriptions.Item>
                    {data.address ? <Descriptions.Item label="Адрес">{data.address}</Descriptions.Item> : null}
                  </Descriptions>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{data.text}</Typography.Paragraph>
                </>
              ) : null}
            </Card>
            {data?.answer ? (
              <Card title="Ответ" data-testid="public-answer">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{data.answer.text ?? ''}</Typography.Paragraph>
                <Typography.Text type="secondary">{formatDateTime(data.answer.at)}</Typography.Text>
              </Card>
            ) : null}
            {data?.canRate ? (
              <Card title="Оцените ответ">
                <Form
                  layout="vertical"
                  onFinish={(values: { rating: number; comment?: string }) => rate.mutate(values)}
                >
                  <Form.Item
                    name="rating"
                    label="Оценка"
                    rules={[{ required: true, message: 'Поставьте оценку от 1 до 5' }]}
                  >
                    <Rate />
                  </Form.Item>
                  <Form.Item name="comment" label="Комментарий к оценке">
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                  {rate.isError ? (
                    <Alert type="error" showIcon message={describeError(rate.error)} style={{ marginBottom: 12 }} />
                  ) : null}
                  <Button type="primary" htmlType="submit" loading={rate.isPending}>
                    Отправить оценку
                  </Button>
                </Form>
              </Card>
            ) : data?.rating ? (
              <Alert type="success" showIcon message={`Ваша оценка: ${data.rating} из 5. Спасибо!`} />
            ) : null}
            {data?.canComment ? (
              <Card title="Добавить комментарий">
                <Form layout="vertical" onFinish={(values: { text: string }) => comment.mutate(values)}>
                  <Form.Item name="text" rules={[{ required: true, message: 'Напишите комментарий' }]}>
                    <Input.TextArea rows={3} maxLength={5000} />
                  </Form.Item>
                  {comment.isError ? (
                    <Alert type="error" showIcon message={describeError(comment.error)} style={{ marginBottom: 12 }} />
                  ) : null}
                  <Button htmlType="submit" loading={comment.isPending}>
                    Отправить комментарий
                  </Button>
                </Form>
              </Card>
            ) : null}
            {data ? (
              <Card title="Ход рассмотрения">
                <Timeline
                  items={data.timeline.map((entry) => ({
                    children: (
                      <>
                        <Typography.Text strong>{entry.title}</Typography.Text>{' '}
                        <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
                        {entry.text ? <div style={{ whiteSpace: 'pre-wrap' }}>{entry.text}</div> : null}
                      </>
                    ),
                  }))}
                />
              </Card>
            ) : null}
          </Space>
        )}
      </Layout.Content>
    </Layout>
  );
}
