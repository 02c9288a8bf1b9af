/**
 * A fast reader for the block YAML this tool writes, used to parse rendered files back.
 *
 * Why a second reader: js-yaml reads character by character, which on a cold start (one CLI run)
 * costs ~15 ms per 100 KB; with 1,000 serving namespaces the parse-back alone would take longer than
 * everything else together (issue 9). This reader works a line at a time with anchored regular
 * expressions, and takes long runs of list items or string entries at once: one search finds where
 * the run ends and one split cuts it into lines, instead of matching each line on its own.
 *
 * Why it is safe: it accepts only a small subset, the shapes yaml-helpers.ts and the templates
 * produce, and returns `undefined` for anything else, so js-yaml reads that file instead. Within the
 * subset every value is unambiguous (JSON-quoted strings, plain words that cannot be read as another
 * type, decimal numbers, literal blocks), and test/yaml-reader.test.ts checks that it reads exactly
 * what js-yaml reads for every golden and fuzzed output, and that it declines each construct it does
 * not know.
 *
 * Subset: "---" separators; full-line comments; block mappings ("key:" with a plain or JSON-quoted
 * key); block sequences ("- " items, a mapping may start on the dash's line); scalars: JSON strings,
 * single-quoted strings on one line, true/false/null, decimal integers and fractions, plain text
 * that can only be a string (PLAIN_TEXT), "[]" and "{}"; literal blocks "|", "|-", "|+"; a
 * "# comment" after a scalar. No tabs, CRs, anchors, tags, flow collections, folded scalars,
 * multi-line quoted scalars, duplicate keys, "__proto__" keys.
 */

type Node = unknown;

/** Thrown inside the reader when the text leaves the subset; caught by readBlockYaml. */
class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

// Characters YAML forbids in a stream (js-yaml rejects them): read those files with js-yaml so its error is the one reported.
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/;
// Printable ASCII: the usual line, checked by one test before the slower NON_PRINTABLE search.
const PLAIN_ASCII_LINE = /^[\x20-\x7e]*$/;
/** A line (without its line break) the subset allows: no tab, no character YAML forbids. */
const allowedLine = (raw: string) => PLAIN_ASCII_LINE.test(raw) || !(NON_PRINTABLE.test(raw) || raw.includes('\t'));

/** A line that is not blank or a comment: its indentation and the text after it. */
interface Line {
  indent: number;
  text: string;
}

const JSON_STRING = /^"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/;
const PLAIN_KEY_WORD = '[A-Za-z_][A-Za-z0-9_./-]*';
const PLAIN_KEY = new RegExp(`^(${PLAIN_KEY_WORD}):(?: +|$)`);
const QUOTED_KEY = /^("(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"):(?: +|$)/;
// Plain text js-yaml reads as a string and as nothing else: letter-led words, which may also hold
// ':' or '%' (a registry with a port, a digest), absolute paths, versions of three or more dotted
// numbers, percentages. None can be a number, boolean, null or timestamp; a trailing ':' would make
// it a key, so that is left to js-yaml.
const PLAIN_TEXT = /^(?:[A-Za-z][A-Za-z0-9_./%:-]*|\/[A-Za-z0-9_./%:-]*|[0-9]+(?:\.[0-9]+){2,}|[0-9]+%)$/;
// A single-quoted scalar on one line: '' is a quote, nothing else is an escape.
const SINGLE_QUOTED = /^'((?:[^']|'')*)'/;
// js-yaml's booleans and null, in every letter case (it reads only some as such; this reader declines
// all), spelled out: a case-insensitive flag makes V8 fold cases through ICU when it compiles.
const BOOL_NULL_WORDS = '[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Nn][Uu][Ll][Ll]';
const NOT_STRINGS = new RegExp(`^(?:${BOOL_NULL_WORDS})$`);
const NUMBER = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]+)?$/;
const COMMENT_AFTER = /^ +#.*$/;
const SPACES_ONLY = /^ *$/;
const LEADING_SPACES = /^ */;
/** Indentation counts spaces only (trimStart would also count tabs and Unicode spaces). */
const indentOf = (raw: string) => LEADING_SPACES.exec(raw)![0].length;
const isSeparator = (line: Line) => line.indent === 0 && line.text === '---';
// stringEntries: shorter runs are read line by line (the one-step path has a fixed cost).
const ENTRY_RUN_MIN = 8;
// The text of a run's string: no quote, backslash (an escape), line break, tab or character YAML
// forbids, so it is the string itself and its line needs no other check. (Surrogates, even paired
// ones, end a run: that line is then read on its own, where pairs are allowed.)
const TEXT = '[^"\\\\\\x00-\\x1f\\x7f-\\x84\\x86-\\x9f\\ud800-\\udfff\\ufeff\\ufffe\\uffff]*';
// Keys a run of entries must not hold (a case-insensitive flag would also make the searches slower).
const NOT_STRING_KEYS = `(?:${BOOL_NULL_WORDS}|__proto__)`;
/** The searches stringRun and stringEntries use, built once per indentation. */
const LIST_RUN_ENDS: RegExp[] = [];
const ENTRY_RUN_ENDS: RegExp[] = [];
const LITERAL_HEADER = /^\|([-+]?)(?: +#.*)?$/;

export function readBlockYaml(text: string): unknown[] | undefined {
  // Forbidden characters and tabs are looked for line by line (peek and literal), and inside runs by
  // the run search itself, not by a scan of the whole text first: a second pass over 3,000 gateway
  // hosts costs as much as reading them (issue 9).
  try {
    return new Reader(text).documents();
  } catch (err) {
    if (err instanceof Decline) return undefined;
    throw err;
  }
}

class Reader {
  /** Start of the next unread line. */
  private pos = 0;
  /** The last line peek() found, and where the line after it starts. */
  private peeked: (Line & { at: number; next: number }) | undefined;

  constructor(private readonly text: string) {}

  documents(): unknown[] {
    const docs: unknown[] = [];
    while (true) {
      const line = this.peek();
      if (line === undefined) break;
      if (isSeparator(line)) {
        this.consume();
        continue;
      }
      if (line.indent !== 0) decline();
      docs.push(this.node(0));
      const after = this.peek();
      if (after !== undefined && !isSeparator(after)) decline();
    }
    return docs;
  }

  /** The next line that is not blank or a full-line comment, without consuming it. */
  private peek(): Line | undefined {
    if (this.peeked?.at === this.pos) return this.peeked;
    const text = this.text;
    while (this.pos < text.length) {
      const newline = text.indexOf('\n', this.pos);
      const next = newline === -1 ? text.length : newline + 1;
      const raw = text.slice(this.pos, newline === -1 ? text.length : newline);
      if (!allowedLine(raw)) decline();
      const indent = indentOf(raw);
      const rest = raw.slice(indent);
      if (rest === '' || rest[0] === '#') {
        this.pos = next;
        continue;
      }
      if (rest.startsWith('...') || rest[0] === '%') decline();
      this.peeked = { indent, text: rest, at: this.pos, next };
      return this.peeked;
    }
    return undefined;
  }

  /** Moves past the line peek() returned. */
  private consume(): void {
    this.pos = this.peeked!.next;
  }

  /** A collection that starts on the next line at exactly `indent`. */
  private node(indent: number): Node {
    const line = this.peek()!;
    if (line.indent !== indent) decline();
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent);
  }

  private sequence(indent: number): Node[] {
    let items: Node[] = [];
    while (true) {
      const line = this.peek();
      if (line === undefined || line.indent < indent || isSeparator(line)) break;
      if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) decline();
      if (line.text.startsWith('- "')) {
        const run = this.stringRun(indent);
        if (run) {
          if (items.length === 0) items = run;
          else for (let i = 0; i < run.length; i++) items.push(run[i]);
          continue;
        }
      }
      this.consume();
      const rest = line.text === '-' ? '' : line.text.slice(2);
      if (rest === '' || rest[0] === '#') {
        items.push(this.nested(indent));
      } else if (rest[0] === ' ' || rest.startsWith('- ') || rest === '-') {
        decline();
      } else if (PLAIN_KEY.test(rest) || QUOTED_KEY.test(rest)) {
        // "- key: value": a mapping whose keys align two columns right of the dash.
        items.push(this.mapping(indent + 2, rest));
      } else {
        items.push(this.value(rest, indent));
      }
    }
    return items;
  }

  /**
   * Long lists of strings (1,000 namespaces make 3,000 gateway hosts) in one step: one search finds
   * where the run of lines `- "text"` at this indentation ends (text without quote, backslash or
   * line break: the string itself), and one split cuts the run apart. Undefined when the first line
   * is not such a line; it is then read on its own.
   */
  private stringRun(indent: number): string[] | undefined {
    const end = this.runEnd(LIST_RUN_ENDS, indent, `- "${TEXT}"`);
    if (end === undefined) return undefined;
    // From after the first `- "` to before the last `"`, items are separated by `"\n<indent>- "`.
    const items = this.text.slice(this.pos + indent + 3, end - 1).split(`"\n${' '.repeat(indent)}- "`);
    this.pos = end + 1;
    return items;
  }

  /**
   * Long runs of `key: "text"` lines (500 image digests) at once: one search finds where the run of
   * such lines ends (plain keys that read as strings, text without quote, backslash or line break),
   * one split cuts it into lines, and each line is cut at its first `: "`. Undefined when fewer
   * than ENTRY_RUN_MIN such lines start here: they are then read one by one. A duplicate key
   * (js-yaml reports those) declines the file.
   */
  private stringEntries(indent: number): Record<string, string> | undefined {
    const end = this.runEnd(ENTRY_RUN_ENDS, indent, `(?!${NOT_STRING_KEYS}:)${PLAIN_KEY_WORD}: "${TEXT}"`);
    if (end === undefined) return undefined;
    // Each line is `<indent>key: "text"`, and neither key nor text holds a quote or a line break, so
    // `"\n<indent>` only separates lines, and a plain key holds no `: "`.
    const lines = this.text.slice(this.pos + indent, end - 1).split(`"\n${' '.repeat(indent)}`);
    if (lines.length < ENTRY_RUN_MIN) return undefined;
    // A loop, not JSON.parse of the run turned into JSON: the keys (the preset's own) are already
    // interned, so storing them costs less than JSON.parse reading them again (issue 9).
    const entries: Record<string, string> = {};
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(': "');
      const key = line.slice(0, colon);
      if (Object.prototype.hasOwnProperty.call(entries, key)) decline();
      entries[key] = line.slice(colon + 3);
    }
    this.pos = end + 1;
    return entries;
  }

  /**
   * Where the run of lines matching `line` at this indentation that starts at pos ends: the index
   * of the line break after its last line, found by one search for the first line break not
   * followed by such a line (a lookahead per line: no backtracking state that grows with the run).
   * Undefined when no such line starts at pos.
   */
  private runEnd(cache: RegExp[], indent: number, line: string): number | undefined {
    // pos is the start of a line; the search starts at the line break before it.
    if (this.pos === 0) return undefined;
    const ends = (cache[indent] ??= new RegExp(`\\n(?! {${indent}}${line}\\n)`, 'g'));
    ends.lastIndex = this.pos - 1;
    const end = ends.exec(this.text)?.index;
    return end === undefined || end < this.pos ? undefined : end;
  }

  /**
   * A mapping at `indent`. `first` is the rest of a "- " line already consumed, whose keys align
   * two columns right of the dash; without it the mapping starts on the next line.
   */
  private mapping(indent: number, first?: string): Record<string, Node> {
    let map: Record<string, Node> = {};
    let empty = true;
    let text = first;
    while (true) {
      if (text === undefined) {
        const line = this.peek();
        if (line === undefined || line.indent < indent || isSeparator(line)) break;
        if (line.indent > indent) decline();
        const run = line.text.endsWith('"') ? this.stringEntries(indent) : undefined;
        if (run) {
          if (empty) {
            map = run;
          } else {
            for (const key of Object.keys(run)) {
              if (Object.prototype.hasOwnProperty.call(map, key)) decline();
              map[key] = run[key];
            }
          }
          empty = false;
          continue;
        }
        text = line.text;
        this.consume();
      }
      const plain = PLAIN_KEY.exec(text);
      const quoted = plain ? null : QUOTED_KEY.exec(text);
      const match = plain ?? quoted ?? decline();
      const key = plain ? plain[1]! : (JSON.parse(quoted![1]!) as string);
      if (plain && NOT_STRINGS.test(key)) decline();
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) decline();
      const rest = text.slice(match[0].length);
      if (rest === '' || rest[0] === '#') {
        const next = this.peek();
        // "key:\n- item" (a sequence at the key's own indentation) is valid YAML, but not written here.
        if (next !== undefined && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) decline();
        map[key] = this.nested(indent);
      } else {
        map[key] = this.value(rest, indent);
      }
      empty = false;
      text = undefined;
    }
    return map;
  }

  /** The value of "key:" or "-" with nothing after it: a more indented collection, else null. */
  private nested(parentIndent: number): Node {
    const next = this.peek();
    if (next === undefined || next.indent <= parentIndent) return null;
    return this.node(next.indent);
  }

  /** A value on the same line as its key or dash; `parentIndent` is that line's indentation. */
  private value(rest: string, parentIndent: number): Node {
    const c = rest[0];
    if (c === '"') {
      const m = JSON_STRING.exec(rest) ?? decline();
      const after = rest.slice(m[0].length);
      if (after !== '' && !COMMENT_AFTER.test(after)) decline();
      return JSON.parse(m[0]) as string;
    }
    if (c === "'") {
      const m = SINGLE_QUOTED.exec(rest) ?? decline();
      const after = rest.slice(m[0].length);
      if (after !== '' && !COMMENT_AFTER.test(after)) decline();
      return m[1]!.replaceAll("''", "'");
    }
    if (c === '|') {
      const header = LITERAL_HEADER.exec(rest) ?? decline();
      return this.literal(parentIndent, header[1]!);
    }
    const hash = rest.indexOf(' #');
    const word = hash === -1 ? rest : COMMENT_AFTER.test(rest.slice(hash)) ? rest.slice(0, hash).replace(/ +$/, '') : decline();
    if (word === '[]') return [];
    if (word === '{}') return {};
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (NUMBER.test(word)) return Number(word);
    if (PLAIN_TEXT.test(word) && !word.endsWith(':') && !NOT_STRINGS.test(word)) return word;
    return decline();
  }

  /** A literal block scalar after "|", "|-" or "|+"; its lines are more indented than `parentIndent`. */
  private literal(parentIndent: number, chomp: string): string {
    const text = this.text;
    const content: string[] = [];
    let blanks = 0;
    let indent = -1;
    while (this.pos < text.length) {
      const newline = text.indexOf('\n', this.pos);
      const next = newline === -1 ? text.length : newline + 1;
      const raw = text.slice(this.pos, newline === -1 ? text.length : newline);
      if (!allowedLine(raw)) decline();
      if (SPACES_ONLY.test(raw)) {
        // Blank lines inside the block: only ones with no more spaces than the block's indentation.
        if (indent === -1 || raw.length > indent) decline();
        blanks++;
        this.pos = next;
        continue;
      }
      const lineIndent = indentOf(raw);
      if (indent === -1) {
        if (lineIndent <= parentIndent) break;
        indent = lineIndent;
      } else if (lineIndent < indent) {
        break;
      }
      for (; blanks > 0; blanks--) content.push('');
      content.push(raw.slice(indent));
      this.pos = next;
    }
    if (content.length === 0) decline();
    const body = content.join('\n');
    if (chomp === '-') return body;
    if (chomp === '+') return `${body}\n${'\n'.repeat(blanks)}`;
    return `${body}\n`;
  }
}
