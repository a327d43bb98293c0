// Job summaries (GitHub-flavoured Markdown with a little HTML) rendered for a terminal:
// aligned tables, headings, <details> opened, markup dropped. Colour only on a TTY.
const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const style = (code: string) => (text: string) => (useColour ? `\x1b[${code}m${text}\x1b[0m` : text);
export const bold = style('1');
export const dim = style('2');
export const red = style('31');
export const green = style('32');
export const yellow = style('33');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function inline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, (_, inner: string) => bold(inner))
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!);
}

// Width as the terminal shows it: colour codes take no room.
const ANSI_STYLE = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
const visibleLength = (text: string) => text.replace(ANSI_STYLE, '').length;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => inline(cell.trim().replace(/\\\|/g, '|')));
}

function table(rows: string[]): string[] {
  const body = rows.filter((row) => !/^\s*\|?[\s:|-]+\|?\s*$/.test(row)).map(cells);
  const widths: number[] = [];
  for (const row of body) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
  }
  return body.map((row, index) => {
    const line = row.map((cell, i) => cell + ' '.repeat(widths[i]! - visibleLength(cell))).join('  ');
    return index === 0 && body.length > 1 ? bold(line.trimEnd()) : line.trimEnd();
  });
}

/** The HTML that @actions/core's summary helpers write (addHeading, addTable, addList), as Markdown. */
function htmlBlocksToMarkdown(text: string): string {
  return text
    .replace(
      /<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi,
      (_, level: string, title: string) => `\n${'#'.repeat(Number(level))} ${title}\n`,
    )
    .replace(/<table[^>]*>([\s\S]*?)<\/table>/gi, (_, body: string) => {
      const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) =>
        [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((cell) =>
          cell[1]!.replace(/\|/g, '\\|'),
        ),
      );
      return `\n${rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n')}\n`;
    })
    .replace(/<li[^>]*>([\s\S]*?)<\/li>/gi, '\n- $1')
    .replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, '\n```\n$1\n```\n')
    .replace(/<\/?(ul|ol)[^>]*>/gi, '\n');
}

/** The summary as plain, aligned text lines. */
export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  const lines = htmlBlocksToMarkdown(markdown)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<summary>([\s\S]*?)<\/summary>/gi, '\n$1:\n')
    .replace(/<\/?(details|p|div)[^>]*>/gi, '\n')
    .split('\n');
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(`    ${line}`);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!)) rows.push(lines[i++]!);
      i--;
      out.push(...table(rows));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(bold(inline(heading[2]!)));
      continue;
    }
    const item = /^(\s*)[-*]\s+(.*)$/.exec(line);
    out.push(item ? `${item[1]}• ${inline(item[2]!)}` : inline(line));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}
