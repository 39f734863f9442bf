// Reading a --rate such as "10/s" or "50/min": the one parser behind send --repeat and flush.
// The unit is required: a bare "50" meant as a per-minute plan limit would otherwise be sent 60× too fast.

export interface Rate {
  count: number;
  perMs: number;
}

/** Parses "10/s", "50/min", "3/m", "1000/h"; undefined when the text is not a rate. */
export function parseRate(text: string): Rate | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute|h|hour)\s*$/i.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  if (!(count > 0)) return undefined;
  const unit = m[2]!.toLowerCase();
  const perMs = unit.startsWith('s') ? 1000 : unit.startsWith('h') ? 3_600_000 : 60_000;
  return { count, perMs };
}
