/**
 * A strict RFC 4180 reader for tests: quoted fields with doubled quotes, CRLF row ends, and
 * an error (not a guess) on anything malformed, such as a bare line break or a stray quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
      continue;
    }
    if (char === '"') {
      if (field !== '' || wasQuoted) throw new Error(`stray quote at ${index}`);
      quoted = wasQuoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
      wasQuoted = false;
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      wasQuoted = false;
      index++;
    } else if (char === '\r' || char === '\n') {
      throw new Error(`bare line break at ${index}`);
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at ${index}`);
      field += char;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last row does not end with CRLF');
  return rows;
}
