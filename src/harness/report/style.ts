/** ANSI styling, applied only when the caller says the output is a TTY. */
export interface Style {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const plain: Style = { green: (s) => s, red: (s) => s, yellow: (s) => s, bold: (s) => s, dim: (s) => s };
export const ansi: Style = { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), bold: wrap(1, 22), dim: wrap(2, 22) };

export function styleFor(isTTY: boolean | undefined): Style {
  return isTTY && !process.env['NO_COLOR'] ? ansi : plain;
}
