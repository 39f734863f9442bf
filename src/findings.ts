// The shared vocabulary of results: a Finding is what listen, send, verify and doctor all report.

export type FindingLevel = 'pass' | 'info' | 'warn' | 'fail';

export interface Finding {
  level: FindingLevel;
  /** One line, what was seen: "Content-Type is text/plain, expected application/json". */
  title: string;
  /** Why it matters or what to do next. */
  detail?: string;
  /** Knowledge-base key (see src/kb) for `webhook-doctor explain <kb>`. */
  kb?: string;
  /** Machine-readable facts behind the finding, carried into --json. */
  data?: Record<string, unknown>;
}

const rank: Record<FindingLevel, number> = { pass: 0, info: 1, warn: 2, fail: 3 };

/** The most severe level among findings; 'pass' for none. */
export function worstLevel(findings: readonly Finding[]): FindingLevel {
  let worst: FindingLevel = 'pass';
  for (const f of findings) if (rank[f.level] > rank[worst]) worst = f.level;
  return worst;
}
