import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { CHANNEL_TITLES, type Channel } from '../../../shared/channels.js';

/**
 * The covering letter («сопроводительное письмо») that goes with a case forwarded out of the tenant:
 * a DOCX in Russian with the municipality, the date, the addressee, the case's number and a summary
 * of what the resident wrote, the letter's own text and the signer.
 */
export type CoveringLetterInput = {
  tenantName: string;
  timezone: string;
  caseNumber: string;
  kind: string;
  channel: string;
  receivedAt: Date;
  registrationNumber: string | null;
  address: string | null;
  caseText: string;
  addressee: string;
  letterText: string;
  signerName: string;
  signerPosition: string | null;
  date: Date;
};

const SUMMARY_MAX_LENGTH = 600;
const FONT = 'Times New Roman';
/** 14 pt, the size of Russian official letters (half-points). */
const SIZE = 28;

export function summariseText(text: string, maxLength = SUMMARY_MAX_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export function formatLetterDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone: timezone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

function line(
  text: string,
  options: {
    bold?: boolean;
    alignment?: (typeof AlignmentType)[keyof typeof AlignmentType];
    indent?: boolean;
    spacingAfter?: number;
  } = {},
) {
  return new Paragraph({
    alignment: options.alignment ?? AlignmentType.JUSTIFIED,
    spacing: { after: options.spacingAfter ?? 120 },
    ...(options.indent ? { indent: { firstLine: 709 } } : {}),
    children: [new TextRun({ text, bold: options.bold ?? false, font: FONT, size: SIZE })],
  });
}

/** The paragraphs of the letter as plain text, in order (what the DOCX holds; also used by tests). */
export function composeCoveringLetter(input: CoveringLetterInput): {
  header: string[];
  addressee: string;
  title: string;
  body: string[];
  signature: string;
} {
  const kindTitle = input.kind === 'appeal' ? 'обращение' : 'сообщение';
  const channelTitle = CHANNEL_TITLES[input.channel as Channel] ?? input.channel;
  const registration = input.registrationNumber ? ` (рег. № ${input.registrationNumber})` : '';
  const address = input.address ? ` Адрес, указанный в обращении: ${input.address}.` : '';
  const legalBasis =
    input.kind === 'appeal'
      ? ' в соответствии с частью 3 статьи 8 Федерального закона от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»'
      : '';
  return {
    header: [
      input.tenantName,
      'Муниципальный центр управления',
      `${formatLetterDate(input.date, input.timezone)} № ${input.caseNumber}-СП`,
    ],
    addressee: input.addressee,
    title: 'Сопроводительное письмо',
    body: [
      `Направляем по компетенции${legalBasis} ${kindTitle} № ${input.caseNumber}${registration} от ${formatLetterDate(input.receivedAt, input.timezone)}, поступившее по каналу «${channelTitle}».${address}`,
      `Краткое содержание: ${summariseText(input.caseText)}`,
      ...input.letterText
        .split(/\n\s*\n|\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== ''),
      'Просим рассмотреть его в пределах вашей компетенции и сообщить о результатах заявителю.',
    ],
    signature: `${input.signerPosition ?? 'Сотрудник муниципального центра управления'} — ${input.signerName}`,
  };
}

export async function renderCoveringLetter(input: CoveringLetterInput): Promise<Buffer> {
  const letter = composeCoveringLetter(input);
  const document = new Document({
    creator: input.tenantName,
    title: `${letter.title} № ${input.caseNumber}`,
    description: `Сопроводительное письмо к сообщению № ${input.caseNumber}`,
    sections: [
      {
        children: [
          ...letter.header.map((text, index) =>
            line(text, {
              bold: index === 0,
              alignment: AlignmentType.LEFT,
              spacingAfter: index === letter.header.length - 1 ? 360 : 0,
            }),
          ),
          line(letter.addressee, { alignment: AlignmentType.RIGHT, spacingAfter: 360 }),
          line(letter.title, { bold: true, alignment: AlignmentType.CENTER, spacingAfter: 240 }),
          ...letter.body.map((text) => line(text, { indent: true })),
          line('', { spacingAfter: 360 }),
          line(letter.signature, { alignment: AlignmentType.LEFT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
