/**
 * Go template conditions that tell synthesis variants apart.
 *
 * Each variant is one assignment of the structural settings (switches) to one of their cases. Given the
 * variants in which some piece of output appears (`inside`) and those in which it does not (`outside`),
 * `conditionFor` finds a short condition that holds for the first and not the second, using as few
 * switches as it can (variants that are in neither set do not matter).
 */

/** A structural setting and its cases, each with the Go template condition that selects it. */
export interface Switch {
  readonly path: string;
  readonly cases: ReadonlyArray<{ readonly condition: string; readonly value: unknown }>;
}

/** One variant: the case index of every switch, in the order of the switches. */
export type Assignment = readonly number[];

/** A conjunction: for some switches, the cases allowed (a switch not in the map may take any case). */
type Term = Map<number, number>;

/**
 * The condition for `inside` against `outside`, or undefined when nothing needs testing (`outside` is
 * empty). Throws when no condition exists (an assignment in both sets).
 */
export function conditionFor(switches: readonly Switch[], inside: readonly Assignment[], outside: readonly Assignment[]): string | undefined {
  if (outside.length === 0) return undefined;
  const relevant = smallestDistinguishingSet(switches, inside, outside);
  const terms = uniqueTerms(inside.map((a) => new Map(relevant.map((s) => [s, a[s]]))));
  const merged = mergeTerms(terms, outside);
  return renderOr(merged.map((term) => renderAnd(switches, term)));
}

function smallestDistinguishingSet(switches: readonly Switch[], inside: readonly Assignment[], outside: readonly Assignment[]): number[] {
  const all = switches.map((_, i) => i);
  for (let size = 1; size <= all.length; size++) {
    for (const subset of combinations(all, size)) {
      const seen = new Set(inside.map((a) => subset.map((s) => a[s]).join(',')));
      if (!outside.some((a) => seen.has(subset.map((s) => a[s]).join(',')))) return subset;
    }
  }
  throw new Error('helm: two variants with the same structural settings synthesized different output');
}

/** Widens terms by dropping a switch wherever the wider term still excludes every `outside` assignment. */
function mergeTerms(terms: Term[], outside: readonly Assignment[]): Term[] {
  const matches = (term: Term, a: Assignment) => [...term].every(([s, c]) => a[s] === c);
  let result = terms;
  for (let changed = true; changed;) {
    changed = false;
    for (const term of result) {
      for (const s of term.keys()) {
        const wider = new Map(term);
        wider.delete(s);
        if (!outside.some((a) => matches(wider, a))) {
          result = uniqueTerms(result.map((t) => (t === term ? wider : t)))
            .filter((t, _, all) => !all.some((other) => other !== t && isWider(other, t)));
          changed = true;
          break;
        }
      }
      if (changed) break;
    }
  }
  return result;
}

function isWider(a: Term, b: Term): boolean {
  return a.size < b.size && [...a].every(([s, c]) => b.get(s) === c);
}

function uniqueTerms(terms: Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) byKey.set(JSON.stringify([...t].sort()), t);
  return [...byKey.values()];
}

function renderAnd(switches: readonly Switch[], term: Term): string {
  const parts = [...term].sort(([a], [b]) => a - b).map(([s, c]) => switches[s].cases[c].condition);
  if (parts.length === 0) return 'true';
  return parts.length === 1 ? parts[0] : `and ${parts.map(parenthesize).join(' ')}`;
}

function renderOr(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `or ${parts.map(parenthesize).join(' ')}`;
}

function parenthesize(condition: string): string {
  return /\s/.test(condition) ? `(${condition})` : condition;
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i], ...rest];
  }
}
