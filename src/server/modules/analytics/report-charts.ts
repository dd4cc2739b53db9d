import zlib from 'node:zlib';
import * as echarts from 'echarts';

/**
 * Charts of the reports. ECharts renders them on the server to SVG (its SSR mode, no canvas); the PDF
 * embeds the SVG (pdfmake draws vectors), the DOCX embeds the same SVG with a PNG fallback for word
 * processors without SVG — that PNG is drawn here from the same numbers (bars only, no text).
 */
export type DailyBars = { labels: string[]; series: Array<{ name: string; values: number[] }> };

const PALETTE = [
  '#1677ff',
  '#52c41a',
  '#fa8c16',
  '#eb2f96',
  '#722ed1',
  '#13c2c2',
  '#fadb14',
  '#a0d911',
  '#2f54eb',
  '#8c8c8c',
];

export function renderDailyChartSvg(data: DailyBars, width = 640, height = 280): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'Roboto, Arial, sans-serif' },
    legend: { bottom: 0, type: 'plain', textStyle: { fontSize: 10 } },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: data.labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: data.series.map((item) => ({ name: item.name, type: 'bar', stack: 'total', data: item.values })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** A stacked bar chart as PNG (RGB, no text), the DOCX fallback of the SVG chart. */
export function renderDailyChartPng(data: DailyBars, width = 640, height = 280): Buffer {
  const pixels = Buffer.alloc(width * height * 3, 255);
  const margin = { left: 40, right: 16, top: 16, bottom: 56 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const totals = data.labels.map((_, index) => data.series.reduce((sum, item) => sum + (item.values[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const fill = (x0: number, y0: number, x1: number, y1: number, color: [number, number, number]) => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y += 1) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, Math.ceil(x1)); x += 1) {
        const offset = (y * width + x) * 3;
        pixels[offset] = color[0];
        pixels[offset + 1] = color[1];
        pixels[offset + 2] = color[2];
      }
    }
  };
  fill(margin.left, height - margin.bottom, width - margin.right, height - margin.bottom + 1, [110, 110, 110]);
  const slot = plotWidth / Math.max(1, data.labels.length);
  data.labels.forEach((_, index) => {
    let base = height - margin.bottom;
    data.series.forEach((item, seriesIndex) => {
      const value = item.values[index] ?? 0;
      const barHeight = (value / max) * plotHeight;
      const color = hexToRgb(PALETTE[seriesIndex % PALETTE.length] ?? '#1677ff');
      fill(
        margin.left + index * slot + slot * 0.2,
        base - barHeight,
        margin.left + (index + 1) * slot - slot * 0.2,
        base,
        color,
      );
      base -= barHeight;
    });
  });
  return encodePng(pixels, width, height);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffer: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Minimal PNG writer: 8-bit RGB, filter 0 on every row. */
export function encodePng(rgb: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 3 + 1)] = 0;
    rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
