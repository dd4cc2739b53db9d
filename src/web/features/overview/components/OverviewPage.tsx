import { Link } from '@tanstack/react-router';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { CHANNEL_TITLES } from '../../../../shared/channels.js';
import type { Overview } from '../../../../shared/contracts/cases.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatCount } from '../../../lib/numbers.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { CaseStatusTag } from '../../cases/components/CaseStatusTag.js';
import { useOverview } from '../hooks/use-overview.js';
import { BreakdownList } from './BreakdownList.js';
import { DailyIncomingBars } from './DailyIncomingBars.js';

type FigureProps = {
  title: string;
  value: number;
  /** Where the number leads: the list of exactly the cases it counts. */
  link?: ReactNode;
  isAlarming?: boolean;
  testId: string;
};

function Figure({ title, value, link, isAlarming, testId }: FigureProps) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Statistic
        title={title}
        value={value}
        formatter={(number) => formatCount(Number(number))}
        styles={{ content: isAlarming && value > 0 ? { color: '#cf1322' } : {} }}
      />
      {link ? <div style={{ marginTop: 4, fontSize: 12 }}>{link}</div> : null}
    </Card>
  );
}

function OverviewFigures({ overview }: { overview: Overview }) {
  return (
    <Row gutter={[12, 12]}>
      <Col xs={12} md={8} xl={4}>
        <Figure
          title="Всего"
          value={overview.total}
          testId="overview-total"
          link={<Link to="/cases">Открыть список</Link>}
        />
      </Col>
      <Col xs={12} md={8} xl={5}>
        <Figure title="В работе (не закрыто)" value={overview.open} testId="overview-open" />
      </Col>
      <Col xs={12} md={8} xl={5}>
        <Figure
          title="Просрочено"
          value={overview.overdue}
          isAlarming
          testId="overview-overdue"
          link={
            <Link to="/cases" search={{ isOverdue: true }}>
              Показать просроченные
            </Link>
          }
        />
      </Col>
      <Col xs={12} md={12} xl={5}>
        <Figure title="Срок истекает сегодня" value={overview.dueToday} testId="overview-due-today" />
      </Col>
      <Col xs={24} md={12} xl={5}>
        <Figure title="Поступило за 7 дней" value={overview.receivedLast7Days} testId="overview-last-7-days" />
      </Col>
    </Row>
  );
}

export function OverviewPage() {
  const user = useCurrentUser();
  const overviewQuery = useOverview();
  useDocumentTitle('Обзор');

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Обзор{user ? ` — ${user.tenant.name}` : ''}
      </Typography.Title>
      {overviewQuery.isPending ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {overviewQuery.isError ? (
        <ErrorAlert
          title="Не удалось загрузить сводку"
          error={overviewQuery.error}
          onRetry={() => void overviewQuery.refetch()}
        />
      ) : null}
      {overviewQuery.data ? (
        <Row gutter={[12, 12]}>
          <Col span={24}>
            <OverviewFigures overview={overviewQuery.data} />
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title="По каналам" style={{ height: '100%' }}>
              <BreakdownList
                testId="overview-by-channel"
                rows={overviewQuery.data.byChannel.map(({ channel, count }) => ({
                  key: channel,
                  label: CHANNEL_TITLES[channel],
                  count,
                  link: { channel },
                }))}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title="По статусам" style={{ height: '100%' }}>
              <BreakdownList
                testId="overview-by-status"
                rows={overviewQuery.data.byStatus.map(({ status, count }) => ({
                  key: status,
                  label: <CaseStatusTag status={status} />,
                  count,
                  link: { status },
                }))}
              />
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title="Поступления по дням">
              <DailyIncomingBars days={overviewQuery.data.perDay} />
            </Card>
          </Col>
        </Row>
      ) : null}
    </>
  );
}
