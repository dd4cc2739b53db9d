/**
 * Attachments of a case (docs/attachments.md): what may be attached, how big and how many. Shared by
 * the server (which checks the content itself) and the web (which says so before uploading).
 */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Files per case, all origins together (the resident's, the staff's and generated documents). */
export const ATTACHMENTS_PER_CASE_MAX = 30;
export const ATTACHMENT_FILE_NAME_MAX_LENGTH = 150;

export const ATTACHMENT_TYPES = ['jpeg', 'png', 'webp', 'gif', 'pdf', 'docx', 'xlsx', 'odt', 'txt'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export type AttachmentTypeInfo = {
  /** The media type the file is served with. */
  mediaType: string;
  /** Extensions the file name may have (the first is added when the name has none). */
  extensions: readonly string[];
  /** Media types a browser or client may claim for it besides `mediaType`. */
  aliases: readonly string[];
  title: string;
  isImage: boolean;
  /** Shown in the browser (images and PDF); everything else is only downloaded. */
  isInline: boolean;
};

export const ATTACHMENT_TYPE_INFO: Record<AttachmentType, AttachmentTypeInfo> = {
  jpeg: {
    mediaType: 'image/jpeg',
    extensions: ['jpg', 'jpeg', 'jpe', 'jfif'],
    aliases: ['image/jpg', 'image/pjpeg'],
    title: 'JPEG',
    isImage: true,
    isInline: true,
  },
  png: { mediaType: 'image/png', extensions: ['png'], aliases: [], title: 'PNG', isImage: true, isInline: true },
  webp: { mediaType: 'image/webp', extensions: ['webp'], aliases: [], title: 'WebP', isImage: true, isInline: true },
  gif: { mediaType: 'image/gif', extensions: ['gif'], aliases: [], title: 'GIF', isImage: true, isInline: true },
  pdf: {
    mediaType: 'application/pdf',
    extensions: ['pdf'],
    aliases: ['application/x-pdf'],
    title: 'PDF',
    isImage: false,
    isInline: true,
  },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    aliases: [],
    title: 'DOCX',
    isImage: false,
    isInline: false,
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    aliases: [],
    title: 'XLSX',
    isImage: false,
    isInline: false,
  },
  odt: {
    mediaType: 'application/vnd.oasis.opendocument.text',
    extensions: ['odt'],
    aliases: [],
    title: 'ODT',
    isImage: false,
    isInline: false,
  },
  txt: {
    mediaType: 'text/plain; charset=utf-8',
    extensions: ['txt'],
    aliases: ['text/plain'],
    title: 'текст',
    isImage: false,
    isInline: false,
  },
};

/** For an `accept` attribute of a file input. */
export const ATTACHMENT_ACCEPT = Object.values(ATTACHMENT_TYPE_INFO)
  .flatMap((info) => info.extensions.map((extension) => `.${extension}`))
  .join(',');

export const ATTACHMENT_ORIGINS = ['resident', 'staff', 'generated'] as const;
/** Who the file comes from: the resident (through a channel or the public form), a staff member, or the system. */
export type AttachmentOrigin = (typeof ATTACHMENT_ORIGINS)[number];
export const ATTACHMENT_ORIGIN_TITLES: Record<AttachmentOrigin, string> = {
  resident: 'От заявителя',
  staff: 'Материалы работы',
  generated: 'Документы системы',
};
