import { formatCell, renderConsoleTable, renderMarkdownTable } from './table';

describe('formatCell', () => {
  it('keeps three significant digits for small figures and integers for large ones', () => {
    expect(formatCell(0.4567)).toBe('0.46');
    expect(formatCell(3.14159)).toBe('3.14');
    expect(formatCell(42.25)).toBe('42.3');
    expect(formatCell(12345.6)).toBe('12,346');
    expect(formatCell(7)).toBe('7');
  });

  it('shows a missing figure as a dash, never as zero', () => {
    expect(formatCell(null)).toBe('—');
  });
});

describe('renderMarkdownTable', () => {
  it('renders a header, a right-aligned rule for figures, and one line per row', () => {
    const md = renderMarkdownTable({
      columns: ['step', 'req/s', 'p99 ms'],
      rows: [
        ['c=1', 1500.4, 0.81],
        ['c=64', null, 12.5],
      ],
    });
    expect(md).toBe(
      ['| step | req/s | p99 ms |', '| --- | ---: | ---: |', '| c=1 | 1,500 | 0.81 |', '| c=64 | — | 12.5 |'].join('\n'),
    );
  });

  it('escapes pipes and newlines so a cell cannot break the table', () => {
    const md = renderMarkdownTable({ columns: ['what'], rows: [['a|b\nc']] });
    expect(md.split('\n')[2]).toBe('| a\\|b c |');
  });

  it('fills short rows with dashes', () => {
    const md = renderMarkdownTable({ columns: ['a', 'b'], rows: [['x']] });
    expect(md.split('\n')[2]).toBe('| x | — |');
  });
});

describe('renderConsoleTable', () => {
  it('aligns columns under their headers', () => {
    const text = renderConsoleTable({
      title: 'write',
      columns: ['step', 'req/s'],
      rows: [
        ['c=1', 900],
        ['c=64', 12000],
      ],
    });
    expect(text.split('\n')).toEqual(['write', 'step   req/s', '----  ------', 'c=1      900', 'c=64  12,000']);
  });
});
