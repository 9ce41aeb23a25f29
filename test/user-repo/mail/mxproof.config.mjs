// A mail team's own config, as their repository would keep it next to their topologies.
import { defineConfig } from 'mxproof';

export default defineConfig({
  properties: [
    {
      id: 'filtered-before-delivery',
      kind: 'safety',
      summary: 'every delivered message was accepted by a host tagged filter first',
      judges: ['delivered'],
      perMessage: true,
      violation(effect, system, after) {
        if (effect.kind !== 'delivered') return null;
        const passed = after.messages[effect.message].visited.map((h) => system.topology.hosts[h]);
        if (passed.some((h) => h?.tags.includes('filter'))) return null;
        return `${effect.host} delivers the message for <${system.topology.messages[effect.message].to}> that no filter accepted`;
      },
    },
  ],
});
