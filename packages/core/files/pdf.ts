import fs from 'node:fs';
import path from 'node:path';
import type Pdfmake from 'pdfmake';
import type { TDocumentDefinitions, TFontFamilyTypes } from 'pdfmake/interfaces';
import { AppError } from '../errors.ts';

/**
 * PDF rendering for every report of the application (compliance reports,
 * bulletins, inspection reports): pdfmake 0.3 with Debian's fonts-noto-cjk.
 * Two families are registered: `NotoSansCJK` (tables, reports) and
 * `NotoSerifCJK` (official-document body text; falls back to the sans face
 * when the serif collection is not installed). Documents name them in
 * `defaultStyle.font` / `font`.
 */

/** Debian's fonts-noto-cjk ships TrueType collections; the face is chosen by its PostScript name. */
const FONT_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk'];

type Face = [file: string, postscriptName: string];
interface CjkFonts {
  sans: { normal: Face; bold: Face };
  serif: { normal: Face; bold: Face };
}

let found: CjkFonts | null = null;

/** The Chinese faces on this machine (ZB_CJK_FONT_DIR first); a clear error when none is installed. */
export function cjkFonts(): CjkFonts {
  if (found) return found;
  const dirs = process.env.ZB_CJK_FONT_DIR ? [process.env.ZB_CJK_FONT_DIR, ...FONT_DIRS] : FONT_DIRS;
  for (const dir of dirs) {
    const file = (name: string) => path.join(dir, name);
    if (!fs.existsSync(file('NotoSansCJK-Regular.ttc'))) continue;
    const pick = (family: 'Sans' | 'Serif', weight: 'Regular' | 'Bold', fallback: Face): Face =>
      fs.existsSync(file(`Noto${family}CJK-${weight}.ttc`)) ? [file(`Noto${family}CJK-${weight}.ttc`), `Noto${family}CJKsc-${weight}`] : fallback;
    const sansNormal: Face = [file('NotoSansCJK-Regular.ttc'), 'NotoSansCJKsc-Regular'];
    const sansBold = pick('Sans', 'Bold', sansNormal);
    const serifNormal = pick('Serif', 'Regular', sansNormal);
    const serifBold = pick('Serif', 'Bold', serifNormal === sansNormal ? sansBold : serifNormal);
    found = { sans: { normal: sansNormal, bold: sansBold }, serif: { normal: serifNormal, bold: serifBold } };
    return found;
  }
  throw new AppError('INTERNAL', { message: 'no Chinese font for PDF reports: install fonts-noto-cjk (or set ZB_CJK_FONT_DIR)' });
}

/**
 * The font collections' bytes, read on first use and kept while documents
 * are being rendered: the four collections are ~90 MB, and reading them again
 * for every document (and collecting the garbage) cost more than laying out
 * a bulletin. Released after a quiet minute, so an idle server does not hold them.
 */
const fontBytes = new Map<string, Buffer>();
let releaseFonts: NodeJS.Timeout | null = null;
/** What pdfmake reads font files through (its virtual file system): only the registered faces, from memory. */
const fontFiles = (allowed: ReadonlySet<string>) => ({
  existsSync: (p: unknown) => typeof p === 'string' && allowed.has(p),
  readFileSync: (p: string) => {
    let b = fontBytes.get(p);
    if (!b) fontBytes.set(p, (b = fs.readFileSync(p)));
    return b;
  },
});

/** pdfmake, loaded with the first document (~0.2 s): a command or server that renders none never waits for it. */
let pdfmakeModule: Promise<typeof Pdfmake> | null = null;
const loadPdfmake = () => (pdfmakeModule ??= import('pdfmake').then((m) => m.default as typeof Pdfmake));

/** Renders a document with the Chinese families registered; nothing else on disk or the network is readable. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const pdfmake = await loadPdfmake();
  const fonts = cjkFonts();
  // pdfmake takes [file, face] for a collection (it hands both to PDFKit); @types/pdfmake knows only a file.
  // A fresh array per document: pdfmake replaces the file name by the bytes in the array it is given.
  const face = (f: Face) => [f[0], f[1]] as unknown as TFontFamilyTypes['normal'];
  const family = (f: { normal: Face; bold: Face }) => ({ normal: face(f.normal), bold: face(f.bold), italics: face(f.normal), bolditalics: face(f.bold) });
  // pdfmake keeps fonts and policies on one shared instance: set them for every document.
  pdfmake.setFonts({ NotoSansCJK: family(fonts.sans), NotoSerifCJK: family(fonts.serif) });
  pdfmake.setUrlAccessPolicy(() => false);
  const allowed = new Set([fonts.sans.normal[0], fonts.sans.bold[0], fonts.serif.normal[0], fonts.serif.bold[0]]);
  pdfmake.setLocalAccessPolicy((p) => allowed.has(p));
  (pdfmake as unknown as { virtualfs: ReturnType<typeof fontFiles> }).virtualfs = fontFiles(allowed);
  if (releaseFonts) clearTimeout(releaseFonts);
  try {
    return await pdfmake.createPdf(doc).getBuffer();
  } finally {
    releaseFonts = setTimeout(() => fontBytes.clear(), 60_000).unref();
  }
}
