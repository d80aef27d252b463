/**
 * A minimal PDF 1.4 writer: one A4 page, the built-in Helvetica fonts, text and filled
 * rectangles, an uncompressed content stream. Enough for a printable report, small enough
 * to cost the Worker bundle nothing (a PDF library would add more than the rest of the gateway).
 * Text is limited to printable ASCII; anything else is replaced so the standard fonts show it.
 */

export const PAGE = { width: 595, height: 842 } as const;

type Font = 'regular' | 'bold';

export class PdfPage {
  #ops: string[] = [];

  text(x: number, y: number, size: number, text: string, font: Font = 'regular'): void {
    this.#ops.push(`BT /${font === 'bold' ? 'F2' : 'F1'} ${size} Tf ${num(x)} ${num(y)} Td (${escapeText(text)}) Tj ET`);
  }

  /** A filled rectangle; `gray` from 0 (black) to 1 (white). */
  rect(x: number, y: number, width: number, height: number, gray = 0.3): void {
    this.#ops.push(`${num(gray)} g ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f 0 g`);
  }

  line(x1: number, y1: number, x2: number, y2: number): void {
    this.#ops.push(`0.5 w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }

  content(): string {
    return this.#ops.join('\n');
  }
}

const num = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** Printable ASCII only, with PDF string escapes. */
export function escapeText(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\()]/g, (char) => `\\${char}`);
}

/** The document bytes: catalog, pages, one page, two fonts, the content stream and the title. */
export function writePdf(page: PdfPage, title: string): Uint8Array {
  const content = page.content();
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title (${escapeText(title)}) /Producer (Switchboard) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is ASCII, so string offsets are byte offsets.
  return new TextEncoder().encode(out);
}
