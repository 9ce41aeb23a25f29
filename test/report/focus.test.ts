/**
 * Counterexamples cut to what matters, on issue 15's example: three messages through two gateways
 * that go down and come back, carol's never delivered. The full lasso walks alice's delivery and
 * nobody's bounce and ends in gateway flips carol never meets; the text, the docs pages and the
 * sequence diagram show carol's steps and the flips she sees, say how many steps were left out and
 * how to see them (`--all-steps`), and the cut run replays to the same verdict as the full one.
 * JSON keeps every step.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../src/api/check.js';
import type { Counterexample, Step } from '../../properties/result.js';
import { cli } from '../cli/run.js';
import { ROOT } from '../helpers.js';

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'focus', name);
const GATEWAYS = fixture('gateways.yaml');
const CALL_AHEAD = fixture('gateways-call-ahead.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'mxproof-focus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lasso(file: string): Counterexample {
  const outcome = checkFile(file, { properties: ['eventual-delivery'] });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result.properties[0]!.counterexample!;
}

/** The numbered step lines of a text report: their numbers. */
const numbers = (text: string) => [...text.matchAll(/^ {0,3}(\d+)\. /gm)].map((m) => Number(m[1]));
const CAROL = 2;
const isCarols = (s: Step) => s.message === CAROL;

describe("issue 15's lasso through two gateways", () => {
  const cx = lasso(GATEWAYS);
  const focus = cx.focus!;

  it('is noisy in full: other messages, and a cycle that ends in gateway flips carol never meets', () => {
    expect(cx.steps.some((s) => s.message === 0 && /delivers <alice@example\.com>/.test(s.text))).toBe(true);
    expect(cx.steps.some((s) => s.message === 1 && /bounces/.test(s.details.join(' ')))).toBe(true);
    const lastOfCarol = Math.max(...cx.steps.filter(isCarols).map((s) => s.n));
    const tail = cx.steps.filter((s) => s.n > lastOfCarol);
    expect(tail.length).toBeGreaterThanOrEqual(3);
    expect(tail.every((s) => s.kind === 'fault' && /^gw[12]\.test$/.test(s.from))).toBe(true);
  });

  it('is cut to carol’s steps: at most the steps her message takes, and no flip she does not need', () => {
    expect(focus.messages).toEqual([CAROL]);
    const shown = cx.steps.filter((s) => focus.steps.includes(s.n));
    expect(shown.every(isCarols)).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(cx.steps.filter(isCarols).length);
    // Her mail waits at gw1 for a host that is down for good: no gateway flip changes a step of hers.
    expect(shown.filter((s) => s.kind === 'fault')).toEqual([]);
    expect(focus.loopsFrom).toBe(cx.loopsFrom);
  });

  it('prints the cut run in text, says what was left out and how to see it, and --all-steps prints every step', async () => {
    const cut = await cli('check', GATEWAYS, '--property', 'eventual-delivery');
    expect(cut.code).toBe(0);
    expect(numbers(cut.stdout)).toEqual(focus.steps);
    const note = /\((\d+) of (\d+) steps left out: (\d+) of other messages, (\d+) fault flips and (\d+) repeats the mail for <carol@example\.org> does not need; --all-steps shows every step, and the (\d+) steps shown replay alone as path (\S+)\)/.exec(cut.stdout);
    expect(note).not.toBeNull();
    const [left, total, others, flips, repeats, shown] = note!.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    expect({ left, total, shown }).toEqual({ left: cx.steps.length - focus.steps.length, total: cx.steps.length, shown: focus.steps.length });
    expect(others + flips + repeats).toBe(left);
    expect(others).toBe(cx.steps.filter((s) => s.message !== null && s.message !== CAROL).length);
    expect(note![7]).toBe(focus.path);
    expect(cut.stdout).toContain(`└─ … and from step ${focus.loopsFrom} it repeats`);

    const all = await cli('check', GATEWAYS, '--property', 'eventual-delivery', '--all-steps');
    expect(numbers(all.stdout)).toEqual(cx.steps.map((s) => s.n));
    expect(all.stdout).not.toContain('left out');
  });

  it('keeps every step in JSON, with the full path', async () => {
    const json = JSON.parse((await cli('check', GATEWAYS, '--property', 'eventual-delivery', '--format', 'json')).stdout);
    const property = json.properties[0];
    expect(property.counterexample.steps).toHaveLength(cx.steps.length);
    expect(property.counterexample.path).toBe(cx.path);
    expect(property.counterexample).not.toHaveProperty('focus');
  });

  it('replays, full path and cut path alike, to the verdict check gives', async () => {
    const outcome = checkFile(GATEWAYS, { properties: ['eventual-delivery'] });
    if (!outcome.ok) throw new Error('does not load');
    const verdict = `the run repeats forever: eventual-delivery: ${outcome.result.properties[0]!.reason}`;
    const full = await cli('replay', GATEWAYS, cx.path!);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(`from step ${cx.loopsFrom} ${verdict}`);
    expect(numbers(full.stdout)).toEqual(focus.steps);
    const cut = await cli('replay', GATEWAYS, focus.path);
    expect(cut.code).toBe(0);
    expect(cut.stdout).toContain(verdict);
    expect(numbers(cut.stdout)).toEqual(focus.steps.map((_n, i) => i + 1));
    expect(cut.stdout).not.toContain('left out');
    expect(numbers((await cli('replay', GATEWAYS, cx.path!, '--all-steps')).stdout)).toEqual(cx.steps.map((s) => s.n));
  });

  it('draws the cut run as a sequence diagram, with a note; --all-steps draws every step', async () => {
    const cut = (await cli('diagram', GATEWAYS, '--kind', 'trace', '--property', 'eventual-delivery')).stdout;
    expect(cut).toContain('steps left out');
    expect(cut).not.toContain('mail.example.com');
    const all = (await cli('diagram', GATEWAYS, '--kind', 'trace', '--property', 'eventual-delivery', '--all-steps')).stdout;
    expect(all).not.toContain('steps left out');
    expect(all).toContain('mail.example.com');
  });

  it('writes docs pages with the cut run, and every step with --all-steps', async () => {
    const page = async (...flags: string[]) => {
      const out = join(scratch, flags.length === 0 ? 'cut' : 'all');
      expect((await cli('docs', GATEWAYS, '--out', out, '--no-html', ...flags)).code).toBe(0);
      return readFileSync(join(out, 'gateways.md'), 'utf8');
    };
    const cut = await page();
    expect(cut).toContain('steps left out');
    expect(cut).not.toContain('delivers <alice@example.com>');
    const all = await page('--all-steps');
    expect(all).not.toContain('steps left out');
    expect(all).toContain('delivers <alice@example.com> to its mailbox');
  });
});

describe('the same gateways verifying by call-ahead', () => {
  const cx = lasso(CALL_AHEAD);
  const focus = cx.focus!;
  const shown = cx.steps.filter((s) => focus.steps.includes(s.n));

  it('keeps only the gateways’ flips carol’s sender needs, and in the cycle what it does with each gateway up and down, once', () => {
    const flips = shown.filter((s) => s.kind === 'fault');
    expect(flips.length).toBeGreaterThan(0);
    expect(flips.length).toBeLessThan(cx.steps.filter((s) => s.kind === 'fault').length);
    expect(shown.every((s) => isCarols(s) || s.kind === 'fault')).toBe(true);
    const cycle = shown.filter((s) => s.n >= focus.loopsFrom!);
    const outcomes = (gw: string) => cycle.filter((s) => s.from === 'sender' && s.to === gw).map((s) => (/failed/.test(s.text) ? 'down' : 'up'));
    // Each gateway is met both down and up in the cycle — its fairness — and each just once.
    for (const gw of ['gw1.test', 'gw2.test']) expect(outcomes(gw).sort()).toEqual(['down', 'up']);
    expect(shown.length).toBeLessThan(cx.steps.length / 4);
  });
});
