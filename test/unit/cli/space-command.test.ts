import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '@actsearch/expr';
import { runCli } from '@actsearch/cli';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, cwd: process.cwd(), env: {} });
  return { code, out, err };
}

describe('actsearch space', () => {
  it('list shows every shipped space with its size', async () => {
    const { code, out } = await cli('space', 'list');
    expect(code).toBe(0);
    expect(out).toMatch(/^pangaea\s+5,832\s+2\s+PANGAEA/m);
    expect(out).toMatch(/^swish-core1\s+6,250\s+1\s/m);
    expect(out).toMatch(/^swish-core2\s+156,256,250\s+2\s/m);
    const json = JSON.parse((await cli('space', 'list', '--json')).out) as { id: string; members: number; contentHash: string }[];
    expect(json.map((s) => s.id)).toEqual(['evonorm', 'pangaea', 'pangaea-binary', 'swish-core1', 'swish-core2', 'tiny']);
    expect(json[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stats pangaea prints members and unique functions per shape, readable and as JSON', async () => {
    const { code, out } = await cli('space', 'stats', 'pangaea', '--json');
    expect(code).toBe(0);
    const stats = JSON.parse(out) as { members: number; unique: number; shapes: { label: string; members: number; unique: number }[] };
    expect(stats.members).toBe(5832);
    expect(stats.shapes.map((s) => [s.label, s.members])).toEqual([
      ['unary(unary(x))', 729],
      ['binary(unary(x),unary(x))', 5103],
    ]);
    const unique = stats.shapes[1]?.unique ?? 0;
    expect(Math.abs(unique - 2913)).toBeLessThanOrEqual(10);
    const readable = await cli('space', 'stats', 'tiny');
    expect(readable.out).toMatch(/^binary\(unary\(x\),unary\(x\)\)\s+147\s+\d+$/m);
    expect(readable.out).toMatch(/^all shapes\s+175\s+\d+$/m);
  });

  it('stats leaves unique functions out for shapes too large to enumerate', async () => {
    const { out } = await cli('space', 'stats', 'swish-core2', '--max-members', '10');
    expect(out).toMatch(/^2 core units\s+156,250,000\s+—$/m);
    expect(out).toMatch(/not deduped: more than 10 members/);
  });

  it('sample prints the given number of members, the same for the same seed', async () => {
    const a = await cli('space', 'sample', 'pangaea', '--n', '4', '--seed', '7');
    const b = await cli('space', 'sample', 'pangaea', '--seed', '7', '--n', '4');
    const lines = a.out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(b.out).toBe(a.out);
    for (const line of lines) expect(() => parse(line)).not.toThrow();
    const json = JSON.parse((await cli('space', 'sample', 'tiny', '--json', '--n', '2')).out) as { genome: number[]; text: string }[];
    expect(json).toHaveLength(2);
  });

  it('classes lists each class with its member texts, limited', async () => {
    const { code, out } = await cli('space', 'classes', 'tiny', '--limit', '3');
    expect(code).toBe(0);
    expect(out).toMatch(/^tiny: \d+ functions among 175 members/);
    expect(out.match(/^#\d+ /gm)).toHaveLength(3);
    expect(out).toMatch(/more classes \(--limit 0 shows all\)/);
    const json = JSON.parse((await cli('space', 'classes', 'tiny', '--json', '--limit', '0')).out) as {
      classes: number;
      shown: { members: unknown[] }[];
    };
    expect(json.shown).toHaveLength(json.classes);
    expect(json.shown.reduce((n, c) => n + c.members.length, 0)).toBe(175);
  });

  it('classes --shape keeps to one shape and writes each member in operator form and as text', async () => {
    const { out } = await cli('space', 'classes', 'tiny', '--shape', 'mul(x, unary(x))', '--limit', '0');
    expect(out).toMatch(/^tiny: 6 functions among 7 members of shape mul\(x,unary\(x\)\)$/m);
    expect(out).toMatch(/^ {4}mul\(x,sigmoid\(x\)\)\s+x \* sigmoid\(x\)$/m);
    expect((await cli('space', 'classes', 'tiny', '--shape', '2', '--limit', '0')).out).toBe(out);
    // Classes are named by the canonical text of their simplest member: add(zero(x),zero(x)) is 0.
    const pangaea = await cli('space', 'classes', 'pangaea', '--shape', 'binary(unary(x),unary(x))', '--limit', '1');
    expect(pangaea.out).toMatch(/^#1 {2}0 {2}\(142 members, fingerprint [0-9a-f]{12}\)$/m);
  });

  it.each([
    [['space', 'stats', 'pangea'], /no search space 'pangea' \(known: evonorm, pangaea, pangaea-binary, swish-core1, swish-core2, tiny\)/],
    [['space', 'stats'], /needs exactly one space id/],
    [['space', 'frob'], /unknown subcommand 'space frob'/],
    [['space'], /space needs a subcommand/],
    [['space', 'sample', 'tiny', '--n', '0'], /--n must be an integer from 1/],
    [['space', 'sample', 'tiny', '--limit', '3'], /unknown option '--limit' for 'space sample'/],
    [['space', 'sample', 'tiny', '--n'], /option '--n' needs a value/],
    [['space', 'classes', 'tiny', '--shape', '7'], /space 'tiny' has no shape '7' \(shapes: 0 = binary\(x,unary\(x\)\)/],
    [['space', 'classes', 'swish-core2'], /has 156,256,250 members, more than --max-members/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const { code, err, out } = await cli(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  describe('with --spaces-dir', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actsearch-spaces-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the spaces of that directory and reports a broken file by name, line and path', async () => {
      writeFileSync(
        path.join(dir, 'mine.yaml'),
        'id: mine\nversion: 1\ntitle: Mine\noperators:\n  unary:\n    sqaure: sqaure(x)\nshapes:\n  - unary(x)\n',
      );
      const { code, err } = await cli('space', 'list', '--spaces-dir', dir);
      expect(code).toBe(2);
      expect(err).toMatch(/^error: validation_failed: mine\.yaml:6: operators\.unary\.sqaure: /);
      writeFileSync(
        path.join(dir, 'mine.yaml'),
        'id: mine\nversion: 1\ntitle: Mine\noperators:\n  unary:\n    square: square(x)\nshapes:\n  - unary(x)\n',
      );
      const ok = await cli('space', 'list', '--spaces-dir', dir);
      expect(ok.out).toMatch(/^mine\s+1\s+1\s+Mine$/m);
    });
  });
});
