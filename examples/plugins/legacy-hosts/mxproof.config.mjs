// A property of a mail provider's own, checked beside mxproof's built-in ones: no message for one
// of our domains is ever accepted (250 after DATA) by a host the topology tags `legacy`. It judges
// one kind of step, `accepted`, and reads only that step's message, so it says `perMessage: true`.
const OUR_DOMAINS = ['example.com'];

const tagged = (system, host, tag) => system.topology.hosts.find((h) => h.name === host)?.tags.includes(tag) ?? false;
const domainOf = (address) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export default {
  properties: [
    {
      id: 'no-legacy-hosts',
      kind: 'safety',
      summary: `no message for ${OUR_DOMAINS.join(', ')} is accepted by a host tagged legacy`,
      judges: ['accepted'],
      perMessage: true,
      notApplicable: (system) =>
        system.topology.messages.some((m) => OUR_DOMAINS.includes(domainOf(m.to))) ? null : `no message for ${OUR_DOMAINS.join(', ')} in the file`,
      violation(effect, system) {
        if (effect.kind !== 'accepted' || !tagged(system, effect.host, 'legacy')) return null;
        const to = system.topology.messages[effect.message].to;
        if (!OUR_DOMAINS.includes(domainOf(to))) return null;
        return `${effect.host}, tagged legacy, accepts the message for <${to}>`;
      },
    },
  ],
};
