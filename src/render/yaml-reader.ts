/**
 * A fast reader for the block YAML this tool writes, used to parse rendered files back.
 *
 * Why a second reader: js-yaml reads character by character, which on a cold start (one CLI run)
 * costs ~15 ms per 100 KB; with 1,000 serving namespaces the parse-back alone would take longer than
 * everything else together (issue 9). This reader works a line at a time with anchored regular
 * expressions, and takes long runs of list items or string entries in one step (a search, a split,
 * a replace, JSON.parse): native code from the first call, instead of a JavaScript loop per character.
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
 * true/false/null, decimal integers and fractions, letter-led plain words, "[]" and "{}"; literal
 * blocks "|", "|-", "|+"; a "# comment" after a scalar. No tabs, CRs, anchors, tags, flow
 * collections, folded or single-quoted scalars, duplicate keys, "__proto__" keys.
 */

type Node = unknown;

/** Thrown inside the reader when the text leaves the subset; caught by readBlockYaml. */
class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

// Characters YAML forbids in a stream (js-yaml rejects them): read those files with js-yaml so its error is the one reported.
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/;

/** A line that is not blank or a comment: its indentation and the text after it. */
interface Line {
  indent: number;
  text: string;
}

const JSON_STRING = /^"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/;
const PLAIN_KEY_WORD = '[A-Za-z_][A-Za-z0-9_./-]*';
const PLAIN_KEY = new RegExp(`^(${PLAIN_KEY_WORD}):(?: +|$)`);
const QUOTED_KEY = /^("(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"):(?: +|$)/;
// A word js-yaml reads as a string: letter-led, no characters that start YAML syntax.
const PLAIN_WORD = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const NOT_STRINGS = /^(true|false|null)$/i;
const NUMBER = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]+)?$/;
const COMMENT_AFTER = /^ +#.*$/;
const SPACES_ONLY = /^ *$/;
const LEADING_SPACES = /^ */;
/** Indentation counts spaces only (trimStart would also count tabs and Unicode spaces). */
const indentOf = (raw: string) => LEADING_SPACES.exec(raw)![0].length;
const isSeparator = (line: Line) => line.indent === 0 && line.text === '---';
// stringEntries: shorter runs are read line by line (the one-step path has a fixed cost).
const ENTRY_RUN_MIN = 8;
/** The regular expressions stringRun and stringEntries build for an indentation, built once. */
const REGEXPS = new Map<string, RegExp>();
function regExp(source: string, flags: string): RegExp {
  let re = REGEXPS.get(`${flags}/${source}`);
  if (!re) REGEXPS.set(`${flags}/${source}`, (re = new RegExp(source, flags)));
  return re;
}
// After the replace, a line that is not `"key":"text"` (it did not match), or a key js-yaml would
// not read as that plain string.
const NOT_AN_ENTRY = /\n[^"]/;
const NOT_A_STRING_KEY = /\n"(?:true|false|null|__proto__)":/i;
const LITERAL_HEADER = /^\|([-+]?)(?: +#.*)?$/;

// Printable ASCII and newlines only: the usual case, checked by one scan.
const PLAIN_ASCII = /^[\n\x20-\x7e]*$/;

export function readBlockYaml(text: string): unknown[] | undefined {
  if (!PLAIN_ASCII.test(text) && (NON_PRINTABLE.test(text) || text.includes('\t'))) return undefined;
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
  /** stringRun found a run ending here that it cannot take: lines before it are read one by one. */
  private noRunBefore = -1;
  /** The same for stringEntries. */
  private noEntriesBefore = -1;
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
          items = items.length ? items.concat(run) : run;
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
   * Long lists of strings (1,000 namespaces make 3,000 gateway hosts) in one step: the run of
   * lines `- "text"` at this indentation is found by one search and cut apart by one split; the
   * text between the quotes is the string itself when it holds no quote or backslash. Undefined
   * when the run breaks those rules; the lines are then read one by one.
   */
  private stringRun(indent: number): string[] | undefined {
    const text = this.text;
    const start = `\n${' '.repeat(indent)}- "`;
    // The run ends at the first line break not followed by another item line (pos - 1 is the line
    // break before the first item).
    const ends = regExp(`\\n(?! {${indent}}- ")`, 'g');
    ends.lastIndex = this.pos - 1;
    const end = ends.exec(text)?.index ?? -1;
    if (end <= this.pos || end <= this.noRunBefore || text[end - 1] !== '"') return undefined;
    const items = text.slice(this.pos + indent + 3, end - 1).split(`"${start}`);
    // Each item is the text between the quotes of one line when none holds a quote, a backslash
    // (an escape) or a line break (a line that did not end in a quote).
    const joined = items.join('');
    if (joined.includes('"') || joined.includes('\\') || joined.includes('\n')) {
      // Read these lines one by one, without scanning the same run again at each of them.
      this.noRunBefore = end;
      return undefined;
    }
    this.pos = end + 1;
    return items;
  }

  /**
   * Long runs of `key: "text"` lines (500 image digests) in one step: the run is found by one
   * search, one replace turns every line into JSON ("key":"text"), and one JSON.parse reads them.
   * Plain keys only, no quote or backslash in the text, no key that is not a plain string (true,
   * null, __proto__) and no duplicate (js-yaml reports those). Undefined when the run is shorter
   * than ENTRY_RUN_MIN lines or breaks a rule: the lines are then read one by one.
   */
  private stringEntries(indent: number): Record<string, string> | undefined {
    const text = this.text;
    // The run ends at the first line break not followed by another such line (pos - 1 is the line
    // break before the first one).
    const ends = regExp(`\\n(?! {${indent}}${PLAIN_KEY_WORD}: "[^"\\\\\\n]*"\\n)`, 'g');
    ends.lastIndex = this.pos - 1;
    const newline = ends.exec(text)?.index ?? -1;
    const end = newline + 1;
    if (newline < this.pos || end <= this.noEntriesBefore) return undefined;
    const lines = text.slice(this.pos, newline).split('\n').length;
    if (lines < ENTRY_RUN_MIN) return undefined;
    const entry = regExp(`^ {${indent}}(${PLAIN_KEY_WORD}): "([^"\\\\\\n]*)"$`, 'gm');
    const json = text.slice(this.pos, end - 1).replace(entry, '"$1":"$2"');
    // Every line must now start with a quote (a line the replace did not match does not).
    if (json[0] !== '"' || NOT_AN_ENTRY.test(json) || NOT_A_STRING_KEY.test(`\n${json}`)) {
      this.noEntriesBefore = end;
      return undefined;
    }
    const entries = JSON.parse(`{${json.replaceAll('\n', ',')}}`) as Record<string, string>;
    if (Object.keys(entries).length !== lines) decline();
    this.pos = end;
    return entries;
  }

  /**
   * A mapping at `indent`. `first` is the rest of a "- " line already consumed, whose keys align
   * two columns right of the dash; without it the mapping starts on the next line.
   */
  private mapping(indent: number, first?: string): Record<string, Node> {
    let map: Record<string, Node> = {};
    let text = first;
    while (true) {
      if (text === undefined) {
        const line = this.peek();
        if (line === undefined || line.indent < indent || isSeparator(line)) break;
        if (line.indent > indent) decline();
        const run = line.text.endsWith('"') ? this.stringEntries(indent) : undefined;
        if (run) {
          if (Object.keys(map).length === 0) {
            map = run;
          } else {
            for (const key of Object.keys(run)) {
              if (Object.prototype.hasOwnProperty.call(map, key)) decline();
              map[key] = run[key];
            }
          }
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
    if (PLAIN_WORD.test(word) && !NOT_STRINGS.test(word)) return word;
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
