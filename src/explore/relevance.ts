/**
 * Which violations explore reports: those the rules under test take part in. A random third-party
 * host misbehaving on its own (a dangling MX it was given, a mailbox host that is down) is not a
 * finding about the provider's rules; a counterexample in which a fixed host acts, or a static
 * finding that points at one, is.
 */
import type { PropertyResult } from '../../properties/result.js';

export function involves(result: PropertyResult, fixed: ReadonlySet<string>): boolean {
  if (result.verdict !== 'violated') return false;
  if (fixed.size === 0) return true;
  const steps = result.counterexample?.steps ?? [];
  if (steps.some((s) => fixed.has(s.from) || (s.to !== null && fixed.has(s.to)))) return true;
  // A static property lists every problem: the rules take part when any of them is theirs.
  const pointers = result.problems?.map((p) => p.pointer) ?? [result.pointer ?? ''];
  return pointers.some((ptr) => {
    const host = /^\/hosts\/([^/]+)/.exec(ptr)?.[1];
    return host !== undefined && fixed.has(host.replace(/~1/g, '/').replace(/~0/g, '~'));
  });
}
