/**
 * A property of a mail provider's own, in TypeScript: no message passes more than N hosts of the
 * model (each accepting it with 250 after DATA adds a Received header, `hops`). A factory makes
 * the limit a parameter; this config registers it for N = 2.
 */
import { defineConfig, type SafetyMailProperty } from 'mxproof';

function atMostHosts(limit: number): SafetyMailProperty {
  return {
    id: `at-most-${limit}-hosts`,
    kind: 'safety',
    summary: `no message passes more than ${limit} hosts`,
    // Asked about every step in which a host takes a message; reads only that message.
    judges: ['accepted'],
    perMessage: true,
    violation(effect, system, after) {
      if (effect.kind !== 'accepted') return null;
      const message = after.messages[effect.message]!;
      if (message.hops <= limit) return null;
      const way = message.visited.map((h) => system.names[h]).join(', ');
      return `the message for <${system.topology.messages[effect.message]!.to}> is accepted by its host number ${message.hops}, ${effect.host} (it passed ${way})`;
    },
  };
}

export default defineConfig({ properties: [atMostHosts(2)] });
