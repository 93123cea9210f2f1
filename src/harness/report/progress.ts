/** A one-line progress indicator on a TTY (stderr); silent otherwise. */
export interface Progress {
  update: (message: string) => void;
  done: () => void;
}

export function progressLine(out: { write(s: string): unknown; isTTY?: boolean }): Progress {
  if (!out.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update: (message) => {
      out.write(`\r\u001b[2K${message}`);
      shown = true;
    },
    done: () => {
      if (shown) out.write('\r\u001b[2K');
      shown = false;
    },
  };
}
