/**
 * Properties of the user's own through the API: `check(text, { config })` judges them beside the
 * built-in ones, `expect` and `properties` may name them, and whatever a config gets wrong — its
 * shape, an id, a function that throws or returns the wrong thing — comes back as an error naming
 * the config, never as an exception.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, defineConfig, diff, loadTopology, type ConfigProperty, type SafetyMailProperty } from '../../src/index.js';
import { EXAMPLES } from '../helpers.js';

const read = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');
const LEGACY = read('plugins/legacy-hosts/rules.yaml');

/** No message is accepted by a host tagged `legacy` (the tag is the topology's; no name is built in). */
const noLegacy: SafetyMailProperty = {
  id: 'no-legacy-hosts',
  kind: 'safety',
  summary: 'no message is accepted by a host tagged legacy',
  judges: ['accepted'],
  perMessage: true,
  violation: (effect, system) =>
    effect.kind === 'accepted' && system.topology.hosts.find((h) => h.name === effect.host)?.tags.includes('legacy') === true ? `${effect.host} is legacy` : null,
};

/** Every message ends delivered or bounced: none is retried forever (an eventual-delivery-style goal). */
const settles: ConfigProperty = {
  id: 'every-message-settles',
  kind: 'liveness',
  summary: 'every message is eventually delivered or bounced',
  goal: (state) => state.messages.every((m) => m.leftTo !== null || m.snap.value === 'delivered' || m.snap.value === 'bounced'),
  explain: (state, system) => `mail for <${system.topology.messages[0]!.to}> is still at ${system.names[state.messages[0]!.holder]}`,
};

/** Every host carries an owner tag (a fact of the file, read without exploring). */
const owned: ConfigProperty = {
  id: 'hosts-have-owners',
  kind: 'static',
  summary: 'every host is tagged with its owner',
  findings: (topology) =>
    topology.hosts
      .filter((h) => !h.tags.some((t) => t.startsWith('owner:')))
      .map((h) => ({ reason: `${h.name} has no owner: tag`, pointer: `/hosts/${h.name}`, steps: [`${h.name}: tags [${h.tags.join(', ')}]`] })),
};

describe('check(text, { config })', () => {
  it('judges a safety property of the config after the built-in ones, with a shortest counterexample', () => {
    const outcome = check(LEGACY, { file: 'rules.yaml', config: defineConfig({ properties: [noLegacy] }) });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.result.properties.map((p) => p.id).at(-1)).toBe('no-legacy-hosts');
    const p = outcome.result.properties.find((x) => x.id === 'no-legacy-hosts')!;
    expect(p).toMatchObject({ verdict: 'violated', expected: 'violated', reason: 'backup.oldisp.test is legacy' });
    // The primary goes down, the sender falls back to the legacy backup, which takes the message.
    expect(p.counterexample!.steps.map((s) => s.kind)).toEqual(['local', 'fault', 'command', 'command', 'reply', 'command']);
    expect(p.counterexample!.path).toBe('0:0.1.0*4');
    expect(outcome.status).toBe('passed');
  });

  it('judges a liveness goal of the config under fairness: a lasso where mail is retried forever', () => {
    const config = defineConfig({ properties: [settles] });
    const blocked = check(read('postini-only-blocked.yaml'), { config });
    if (!blocked.ok) throw new Error(JSON.stringify(blocked.errors));
    const p = blocked.result.properties.find((x) => x.id === 'every-message-settles')!;
    expect(p.verdict).toBe('violated');
    expect(p.counterexample!.loopsFrom).not.toBeNull();
    expect(p.reason).toMatch(/^mail for <alice@example.com> is still at /);
    // A config's goal has no packed flags: the object engine judges it, and the result says so.
    expect(blocked.result.stats.engine).toBe('unpacked');
    const fine = check(read('mailhop-only.yaml'), { config });
    expect(fine.ok && fine.result.properties.find((x) => x.id === 'every-message-settles')!.verdict).toBe('holds');
  });

  it('reports every finding of a static property of the config, each at its place in the file', () => {
    const outcome = check(read('gateway.yaml'), { config: { properties: [owned] } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const p = outcome.result.properties.find((x) => x.id === 'hosts-have-owners')!;
    expect(p.verdict).toBe('violated');
    expect(p.problems!.map((x) => x.pointer)).toEqual(['/hosts/mx0a.gw.test', '/hosts/mx0b.gw.test', '/hosts/mail.provider.test', '/hosts/mail.oldcorp.test']);
  });

  it('checks only the config’s property when asked, and refuses an id neither built in nor the config’s', () => {
    const config = defineConfig({ properties: [noLegacy] });
    const only = check(LEGACY, { config, properties: ['no-legacy-hosts'] });
    expect(only.ok && only.result.properties.map((p) => p.id)).toEqual(['no-legacy-hosts']);
    const typo = check(LEGACY, { config, properties: ['no-legacy-host'] });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.errors[0]!.message).toMatch(/unknown property 'no-legacy-host'; known: .*no-legacy-hosts/);
  });

  it('loads an expect naming a config property only with that config, and says where such ids come from', () => {
    expect(loadTopology(LEGACY, 'rules.yaml', { config: { properties: [noLegacy] } }).ok).toBe(true);
    const without = loadTopology(LEGACY, 'rules.yaml');
    expect(without.ok).toBe(false);
    if (!without.ok) expect(without.errors[0]!.message).toMatch(/unknown property `no-legacy-hosts`.*or in an mxproof\.config file/);
  });

  it('refuses a path property of the file that takes the id of a config property, naming both', () => {
    const text = `${LEGACY}\nproperties:\n  no-legacy-hosts: { avoid: [backup.oldisp.test] }\n`;
    const outcome = check(text, { file: 'rules.yaml', config: { properties: [noLegacy], source: 'mxproof.config.mjs' } });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.errors).toContainEqual(
        expect.objectContaining({ file: 'rules.yaml', field: 'properties["no-legacy-hosts"]', message: '`no-legacy-hosts` is a property of mxproof.config.mjs; a path property of the file needs another id' }),
      );
    }
  });

  it('compares a config property before and after a change (diff)', () => {
    const config = defineConfig({ properties: [noLegacy] });
    const fixed = LEGACY.replace('tags: [legacy]', 'tags: []').replace(/\nexpect:[\s\S]*$/, '\n');
    const outcome = diff(LEGACY, fixed, { config });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.diff.fixed).toEqual(['no-legacy-hosts']);
  });
});

describe('the reductions with a config property', () => {
  it('give the same verdicts and counterexample lengths as exploring the whole product', () => {
    for (const [file, property] of [['plugins/legacy-hosts/rules.yaml', noLegacy], ['postini-only-blocked.yaml', settles]] as const) {
      const config = { properties: [property] };
      const reduced = check(read(file), { config });
      const whole = check(read(file), { config, reductions: false });
      if (!reduced.ok || !whole.ok) throw new Error(file);
      const summary = (o: typeof reduced & { ok: true }) => o.result.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length]);
      expect(summary(reduced)).toEqual(summary(whole));
    }
  });

  it('fold no symmetric hosts: a config property may tell them apart by name', () => {
    // Two alike backups at one preference: symmetric, and folded for the built-in properties.
    const twins = [
      'version: 1',
      'dns: { example.com: { mx: ["10 mail.example.com", "20 b1.test", "20 b2.test"] } }',
      'hosts:',
      '  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }',
      '  b1.test: { role: backup-mx, accepts: [example.com] }',
      '  b2.test: { role: backup-mx, accepts: [example.com] }',
      'network: { faults: { mail.example.com: transient } }',
      'messages: [{ from: "bob@sender.test", to: "alice@example.com" }]',
    ].join('\n');
    const safety = ['call-ahead-bounded', 'no-forwarding-loop', 'no-silent-loss'];
    const builtIn = check(twins, { properties: safety });
    expect(builtIn.ok && builtIn.result.stats.symmetricHosts).toEqual([['b1.test', 'b2.test']]);
    const notB2: SafetyMailProperty = { id: 'b2-unused', kind: 'safety', summary: 'b2 takes no mail', judges: ['accepted'], perMessage: true, violation: (e) => (e.kind === 'accepted' && e.host === 'b2.test' ? 'b2 took it' : null) };
    const mine = check(twins, { properties: [...safety, 'b2-unused'], config: { properties: [notB2] } });
    if (!mine.ok) throw new Error(JSON.stringify(mine.errors));
    expect(mine.result.stats.symmetricHosts).toBeUndefined();
    expect(mine.result.properties.find((p) => p.id === 'b2-unused')!.verdict).toBe('violated');
  });

  it('check messages apart only for a property that says it judges one message at a time', () => {
    // Two messages to two domains that share nothing: independent, so checked apart by default.
    const two = [
      'version: 1',
      'dns: { a.test: { mx: ["10 mx.a.test"] }, b.test: { mx: ["10 mx.b.test"] } }',
      'hosts:',
      '  mx.a.test: { role: mailbox, mailboxes: ["x@a.test"] }',
      '  mx.b.test: { role: mailbox, mailboxes: ["y@b.test"] }',
      'messages: [{ from: "s@s.test", to: "x@a.test" }, { from: "s@s.test", to: "y@b.test" }]',
    ].join('\n');
    // Reads both messages: "both are delivered at once" is a fact of the pair, not of one message.
    const bothDelivered: SafetyMailProperty = {
      id: 'not-both-at-once',
      kind: 'safety',
      summary: 'the two messages are never both delivered',
      judges: ['delivered'],
      violation: (_e, _s, after) => (after.messages.every((m) => m.snap.value === 'delivered') ? 'both delivered' : null),
    };
    const outcome = check(two, { config: { properties: [bothDelivered] } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.result.properties.find((p) => p.id === 'not-both-at-once')!.verdict).toBe('violated');
    expect(outcome.result.stats.statesStored).toBeUndefined();
    // One that reads only its own message says so, and the messages are checked apart: fewer stored.
    const own: SafetyMailProperty = { id: 'never-at-b', kind: 'safety', summary: 'x', judges: ['delivered'], perMessage: true, violation: (e) => (e.kind === 'delivered' && e.host === 'mx.b.test' ? 'at b' : null) };
    const apart = check(two, { config: { properties: [own] } });
    const whole = check(two, { config: { properties: [own] }, reductions: false });
    if (!apart.ok || !whole.ok) throw new Error('does not check');
    expect(apart.result.stats.statesStored).toBeLessThan(apart.result.stats.states);
    expect(apart.result.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length])).toEqual(whole.result.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length]));
  });
});

describe('a config that is wrong', () => {
  const errorsOf = (config: unknown, text = LEGACY) => {
    const outcome = check(text, { config: config as never });
    if (outcome.ok) throw new Error('expected errors');
    return outcome.errors;
  };

  it('has each field of the wrong shape named, with what would be valid', () => {
    const errors = errorsOf({ properties: [{ id: 'x', kind: 'safety', summary: 's', judges: ['acepted'], violation: 5 }, { id: 'y', kind: 'eventually', summary: 's' }] });
    expect(errors.map((e) => [e.file, e.field])).toEqual([
      ['(config)', 'properties[0].judges[0]'],
      ['(config)', 'properties[0].violation'],
      ['(config)', 'properties[1].kind'],
    ]);
    expect(errors[0]!.message).toMatch(/expected an effect kind of .*`accepted`.*got `acepted` \(did you mean `accepted`\?\)/);
    expect(errors[1]!.message).toBe('expected a function, got `5`');
    expect(errors[2]!.message).toBe('`kind` must be `safety`, `liveness` or `static`, got `eventually`');
  });

  it('may not take a built-in id, an id twice, or judge no effect', () => {
    const p = { kind: 'safety', summary: 's', judges: ['accepted'], violation: () => null };
    expect(errorsOf({ source: 'my.config.mjs', properties: [{ ...p, id: 'no-silent-loss' }] })[0]).toMatchObject({
      file: 'my.config.mjs',
      field: 'properties[0].id',
      message: '`no-silent-loss` is a built-in property; a property of your own needs another id',
    });
    expect(errorsOf({ properties: [{ ...p, id: 'a' }, { ...p, id: 'a' }] })[0]!.message).toMatch(/`a` is registered twice \(also properties\[0\]\)/);
    expect(errorsOf({ properties: [{ ...p, id: 'a', judges: [] }] })[0]!.message).toMatch(/`judges` names no effect/);
  });

  it('whose function throws during the check is an error of the config, not an exception', () => {
    const throws: SafetyMailProperty = { ...noLegacy, violation: () => { throw new RangeError('no such host'); } };
    expect(errorsOf({ source: 'mxproof.config.mjs', properties: [throws] })).toEqual([
      expect.objectContaining({ file: 'mxproof.config.mjs', field: 'properties[0].violation', message: 'property `no-legacy-hosts`: violation threw RangeError: no such host' }),
    ]);
  });

  it('whose function returns the wrong kind of value says what to return', () => {
    const yes = { ...noLegacy, violation: () => true } as unknown as SafetyMailProperty;
    expect(errorsOf({ properties: [yes] })[0]!.message).toBe('property `no-legacy-hosts`: violation returned `true`; return the reason as a string, or null');
    const asyncGoal = { ...settles, goal: async () => true } as unknown as ConfigProperty;
    expect(errorsOf({ properties: [asyncGoal] }, read('mailhop-only.yaml'))[0]!.message).toMatch(/goal returned a promise \(it must not be async\); return true or false/);
  });

  it('that is not an object is said so', () => {
    expect(errorsOf(42)[0]!.message).toMatch(/default export must be an object .* got `42`/);
  });
});
