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

  /** The single stderr line; newlines in user-supplied text are escaped so it stays one line. */
  line(): string {
    return `error: ${oneLine(this.message)}`;
  }
}

/** Thrown when the generated output contradicts itself: a bug, never the user's fault. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}

/** Shortens user text quoted in messages so a 10 KB value cannot flood the terminal. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
