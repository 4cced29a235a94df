/** Line and field splitting shared by the row parser and the header check; nothing here allocates per row unless it must. */

export function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
  return true;
}

/** Trims only when needed: almost no field has padding and trim() would allocate for each. */
export function clean(field: string | undefined): string {
  if (field === undefined || field.length === 0) return '';
  return field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32 ? field.trim() : field;
}

export function detectDelimiter(header: string): string {
  if (header.includes(',')) return ',';
  if (header.includes('\t')) return '\t';
  if (header.includes(';')) return ';';
  return ',';
}

/** RFC 4180 fields on one line; null for an unterminated quote or text after a closing quote. */
function splitQuoted(line: string, delim: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  const d = delim.charCodeAt(0);
  let i = 0;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 34) {
      let value = '';
      let start = ++i;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        if (line.charCodeAt(q + 1) === 34) {
          value += line.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        value += line.slice(start, q);
        i = q + 1;
        break;
      }
      while (i < n && line.charCodeAt(i) === 32) i++;
      if (i < n && line.charCodeAt(i) !== d) return null;
      out.push(value);
    } else {
      const next = line.indexOf(delim, i);
      const end = next < 0 ? n : next;
      out.push(line.slice(i, end));
      i = end;
    }
    if (i >= n) return out;
    i++;
    if (i === n) {
      out.push('');
      return out;
    }
  }
}

export function splitFields(line: string, delim: string): string[] | null {
  return line.includes('"') ? splitQuoted(line, delim) : line.split(delim);
}
