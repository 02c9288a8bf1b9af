/**
 * Errors the user can fix. The CLI prints them as ONE line
 * `error: <where>: <what is wrong> — <how to fix>` and exits 2 (contract §1).
 * Anything that is not a UserError is a bug in this tool (exit 1).
 */
export class UserError extends Error {
  constructor(
    /** A preset key path (`ingress.kong.gateway`), a flag (`--out`) or a file name. */
    readonly where: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${where}: ${problem} — ${fix}`);
    this.name = 'UserError';
  }

  /** The single stderr line; user-supplied text is escaped and bounded so it stays one short line. */
  line(): string {
    const where = this.where.length > 120 ? `${this.where.slice(0, 117)}...` : this.where;
    return `error: ${oneLine(`${where}: ${this.problem} — ${this.fix}`)}`;
  }
}

/** Thrown when the generated output contradicts itself: a bug, never the user's fault. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/**
 * Escapes everything that could break a line or drive a terminal: C0/C1 controls (newline, carriage
 * return, ESC, NUL, NEL) and the Unicode line and paragraph separators.
 */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Shortens user text quoted in messages so a 10 KB value cannot flood the terminal. */
export function quote(value: unknown): string {
  const text = oneLine(JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
