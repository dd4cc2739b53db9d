import { Empty, Tooltip } from 'antd';
import { useLayoutEffect, useRef } from 'react';
import type { Overview } from '../../../../shared/contracts/cases.contract.js';
import { fillMissingDays, formatDayLong, formatDayMonth, formatWeekdayShort, isWeekend } from '../../../lib/dates.js';
import { formatCount } from '../../../lib/numbers.js';

type DailyIncomingBarsProps = {
  days: Overview['perDay'];
};

const BAR_AREA_HEIGHT = 120;

/** A column per day, as tall as the day's intake relative to the busiest day; plain markup, no chart library. */
export function DailyIncomingBars({ days: reported }: DailyIncomingBarsProps) {
  const days = fillMissingDays(reported);
  const scrollerRef = useRef<HTMLDivElement>(null);
  // On a narrow screen the strip scrolls; the latest days are the ones to see first.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller && days.length > 0) {
      scroller.scrollLeft = scroller.scrollWidth;
    }
  }, [days.length]);
  if (days.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="За последние дни ничего не поступало" />;
  }
  const maximum = Math.max(1, ...days.map((day) => day.count));
  return (
    <div ref={scrollerRef} style={{ overflowX: 'auto' }} data-testid="overview-per-day">
      <div style={{ display: 'flex', alignItems: 'flex-end', gap: 4, minWidth: days.length * 36 }}>
        {days.map((day) => (
          <Tooltip key={day.day} title={`${formatDayLong(day.day)}: ${formatCount(day.count)}`}>
            <div style={{ flex: '1 1 0', minWidth: 32, textAlign: 'center' }}>
              <div style={{ fontSize: 11, fontVariantNumeric: 'tabular-nums' }}>{formatCount(day.count)}</div>
              <div style={{ height: BAR_AREA_HEIGHT, display: 'flex', alignItems: 'flex-end' }}>
                <div
                  style={{
                    width: '100%',
                    height: `${Math.max((day.count / maximum) * 100, day.count > 0 ? 2 : 0)}%`,
                    background: '#1677ff',
                    borderRadius: '2px 2px 0 0',
                  }}
                />
              </div>
              <div style={{ fontSize: 11, lineHeight: 1.3, whiteSpace: 'nowrap', color: 'rgba(0, 0, 0, 0.55)' }}>
                <div>{formatDayMonth(day.day)}</div>
                <div style={isWeekend(day.day) ? { color: '#cf1322' } : undefined}>{formatWeekdayShort(day.day)}</div>
              </div>
            </div>
          </Tooltip>
        ))}
      </div>
    </div>
  );
}
