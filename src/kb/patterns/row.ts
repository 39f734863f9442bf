// The shape of one recognition row: what a client or sender prints, and which entry explains it.
// Plain types only (no zod): the table is loaded for pasted text, and a test checks every row's shape.

/** A line quoted from a public source (or printed by a real client in a test), with where it came from. */
export interface PatternExample {
  line: string;
  /** The public source it was quoted from: a file in the client's repository, a doc page, or "real curl 7.88 on loopback". */
  from: string;
}

export interface PatternRow {
  /** Stable id, '<source>-<what>': 'curl-7', 'python-errno-111'. */
  id: string;
  /** Run on a line only when one of these lower-case literals is in it (the prefilter); [] means always. */
  needles: string[];
  re: RegExp;
  /** Knowledge-base key; '{status}' takes the entry for the HTTP status in the named group `status`. */
  key: string;
  /**
   * What was recognised, for the reader: 'curl exit 7: could not connect to {host} port {port}'.
   * {name} is a named group of `re`; a [bracketed part] is left out when a group in it did not match.
   */
  says: string;
  /**
   * How specific the row is, higher wins on a line: 40 names the exact situation (ngrok code, cert kind,
   * localhost on ::1), 30 a client's own wording of a cause, 20 an error code, 10 a status, 5 a vague word.
   */
  weight: number;
  /** The named group `phrase` must be the reason phrase of the captured status ('504 Gateway Timeout', not '504 events'). */
  reasonPhrase?: boolean;
  /** A wrapper ('fetch failed', 'MaxRetryError') that says little once a cause is on another line. */
  generic?: boolean;
  examples: PatternExample[];
}

/** A table of rows for one source: curl, python, node, … */
export interface PatternTable {
  source: string;
  rows: PatternRow[];
}
