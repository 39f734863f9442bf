// The report doctor produces: each check with its findings, the exchanges made, the verdict.
import { worstLevel, type Finding, type FindingLevel } from '../findings.js';
import type { Exchange } from './context.js';

export interface CheckReport {
  id: string;
  label: string;
  level: FindingLevel;
  findings: Finding[];
  ms: number;
}

export interface DoctorReport {
  target: string;
  /** The target was the built-in receiver, started by doctor itself. */
  builtin: boolean;
  profile: string;
  budgetSeconds: number;
  scheme?: string;
  /** Context a reader needs, e.g. that the target is the built-in receiver. */
  notes: string[];
  startedAt: string;
  finishedAt: string;
  checks: CheckReport[];
  exchanges: Exchange[];
  level: FindingLevel;
  /** Nothing failed (warnings allowed): exit 0. */
  ok: boolean;
  counts: Record<FindingLevel, number>;
}

export function summarize(checks: CheckReport[]): Pick<DoctorReport, 'level' | 'ok' | 'counts'> {
  const all = checks.flatMap((c) => c.findings);
  const counts: Record<FindingLevel, number> = { pass: 0, info: 0, warn: 0, fail: 0 };
  for (const f of all) counts[f.level]++;
  const level = worstLevel(all);
  return { level, ok: level !== 'fail', counts };
}
