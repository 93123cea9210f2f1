/**
 * A diagnostic from any stage (syntax E01xx, semantics E02xx–E09xx / W0xxx). Codes are
 * stable: once published, a code keeps its meaning. Rendering (excerpt + caret, colours,
 * JSON/SARIF) lives in src/report/render.ts.
 */
export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units of the line */
  col: number;
  /** 0-based character offset into the file */
  offset: number;
}

export interface Span {
  /** Path as given by the user (relative paths stay relative). */
  file: string;
  start: Position;
  /** Exclusive end. */
  end: Position;
}

export interface Diagnostic {
  /** `E0xxx` error or `W0xxx` warning. */
  code: string;
  severity: 'error' | 'warning';
  /** One line, no trailing period. */
  message: string;
  span: Span;
}
