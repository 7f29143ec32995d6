/** One table of a scenario's results: what the console prints and the doc shows. */
export interface ResultTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export type Cell = string | number | null;

/** Rounds for reading: 3 significant digits below 100, integers above. `—` for no value. */
export function formatCell(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return String(cell);
  const abs = Math.abs(cell);
  if (abs >= 100 || Number.isInteger(cell)) return Math.round(cell).toLocaleString('en-US');
  if (abs >= 10) return cell.toFixed(1);
  if (abs >= 1) return cell.toFixed(2);
  return cell.toPrecision(2);
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdownTable(table: Pick<ResultTable, 'columns' | 'rows'>): string {
  const header = `| ${table.columns.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| ${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`;
  const body = table.rows.map((row) => {
    const cells = table.columns.map((_, i) => escapeMarkdown(formatCell(row[i] ?? null)));
    return `| ${cells.join(' | ')} |`;
  });
  return [header, rule, ...body].join('\n');
}

/** A fixed-width table for the terminal: first column left-aligned, numbers right-aligned. */
export function renderConsoleTable(table: ResultTable): string {
  const cells = [table.columns, ...table.rows.map((row) => table.columns.map((_, i) => formatCell(row[i] ?? null)))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [table.title, line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}
