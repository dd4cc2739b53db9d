import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/** An ECharts chart (SVG renderer) that follows its option and size; clicks go to `onClick`. */
export function EChart({
  option,
  height,
  onClick,
}: {
  option: echarts.EChartsCoreOption;
  height: number;
  onClick?: (params: echarts.ECElementEvent) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const instance = echarts.init(element.current, null, { renderer: 'svg' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return undefined;
    instance.on('click', onClick);
    return () => {
      instance.off('click', onClick);
    };
  }, [onClick]);
  return <div ref={element} style={{ width: '100%', height }} />;
}
