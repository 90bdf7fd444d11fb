/** A plain aligned text table: the first column left-aligned, the others right-aligned. */
export function printTable(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

export const fixed = (value, digits = 2) => value.toFixed(digits);
export const ratio = (value, floor) => `${(value / floor).toFixed(2)}x`;
export const overFloor = (value, floor) => `${value >= floor ? '+' : ''}${(((value - floor) / floor) * 100).toFixed(1)}%`;
