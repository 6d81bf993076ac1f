import { describe, expect, it } from 'vitest';
import { call, constant, X } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { count, countShape, decode, parseSpace } from '@actsearch/spaces';
import { loadRepoSpace } from './repo-spaces.ts';

const minimal = (extra = '', unary = 'identity: x\n    sin: sin(x)', shapes = '- unary(x)') => `id: demo
version: 1
title: Demo
operators:
  unary:
    ${unary}
  binary:
    add: x1 + x2
shapes:
  ${shapes}
${extra}`;

function problems(text: string): ValidationError {
  try {
    parseSpace(text, 'demo.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('the space files of search-spaces/', () => {
  it('swish-core1 has 10 · 25² = 6,250 members in one core unit', () => {
    const space = loadRepoSpace('swish-core1');
    expect([space.unary.length, space.binary.length]).toEqual([25, 10]);
    expect(count(space)).toBe(6250n);
  });

  it('swish-core2 adds the two-unit members: 6,250 + 6,250² · 4', () => {
    const space = loadRepoSpace('swish-core2');
    expect(space.shapes.map((s) => s.label)).toEqual(['1 core unit', '2 core units']);
    expect(count(space)).toBe(6250n + 6250n * 6250n * 4n);
  });

  it('pangaea has 27 unary and 7 binary operators: 729 + 5,103 members', () => {
    const space = loadRepoSpace('pangaea');
    expect([space.unary.length, space.binary.length]).toEqual([27, 7]);
    expect(space.shapes.map((s) => [s.label, countShape(s)])).toEqual([
      ['unary(unary(x))', 729n],
      ['binary(unary(x),unary(x))', 5103n],
    ]);
  });

  it('tiny is a small user-defined space with a fixed operator in a shape', () => {
    const space = loadRepoSpace('tiny');
    expect(space.shapes.map((s) => s.label)).toEqual(['binary(x,unary(x))', 'binary(unary(x),unary(x))', 'mul(x,unary(x))']);
    expect(count(space)).toBe(21n + 147n + 7n);
  });
});

describe('parseSpace', () => {
  it('reads a minimal space, with a bare number as a template', () => {
    const space = parseSpace(minimal('', 'zero: 0\n    sin: sin(x)'), 'demo.yaml');
    expect(space).toMatchObject({ id: 'demo', version: '1', title: 'Demo', sourceName: 'demo.yaml' });
    expect(space.unary[0]).toEqual({ name: 'zero', template: { kind: 'const', value: 0 } });
  });

  it('names the operator of an unknown function, its line and the parser reason', () => {
    const err = problems(minimal('', 'identity: x\n    sqaure: sqaure(x)'));
    expect(err.fields[0]?.path).toBe('operators.unary.sqaure');
    expect(err.fields[0]?.message).toMatch(/sqaure/);
    expect(err.message).toMatch(/^demo\.yaml:7: operators\.unary\.sqaure: .*sqaure/);
  });

  it('rejects x1 in a unary template and x in a binary one', () => {
    const err = problems(minimal('', 'identity: x\n    bad: x1 * 2').replace('add: x1 + x2', 'add: x + x2'));
    expect(err.fields.map((f) => f.path)).toEqual(['operators.unary.bad', 'operators.binary.add']);
  });

  it('reports bad YAML with the file and line', () => {
    const err = problems('id: demo\nversion: 1\ntitle: [unclosed\nshapes: []\n');
    expect(err.message).toMatch(/^demo\.yaml:\d+: invalid YAML/);
  });

  it('reports a missing field by its path', () => {
    const err = problems(minimal().replace(/shapes:\n.*\n/, ''));
    expect(err.fields).toEqual([{ path: 'shapes', message: 'is required' }]);
  });

  it('reports a misspelt field as unknown, and every problem at once', () => {
    const err = problems(minimal('shpes: []').replace('title: Demo\n', ''));
    expect(err.fields.map((f) => `${f.path}: ${f.message}`).sort()).toEqual(['shpes: unknown field', 'title: is required']);
    expect(err.message).toMatch(/and 1 more problem\b/);
  });

  it('reports shape errors at the shape, with the column', () => {
    expect(problems(minimal('', undefined, '- binary(unary(x))')).fields[0]).toEqual({
      path: 'shapes[0]',
      message: "'binary' takes 2 arguments, got 1 at column 1",
    });
    expect(problems(minimal('', undefined, '- frobnicate(x, unary(x))')).fields[0]?.message).toMatch(/unknown operator 'frobnicate'/);
    expect(problems(minimal('', undefined, '- sin(x, unary(x))')).fields[0]?.message).toMatch(/'sin' takes 1 argument, got 2/);
    expect(problems(minimal('', undefined, '- units: { min: 3, max: 1 }')).fields[0]?.path).toBe('shapes[0].units.max');
    expect(problems(minimal('', undefined, '- units: 11')).fields[0]?.path).toBe('shapes[0].units');
    expect(problems(minimal('', undefined, '- unary(x)\n  - unary( x )')).fields[0]).toEqual({
      path: 'shapes[1]',
      message: "'unary(x)' is listed twice",
    });
  });

  it('fills omitted trailing defaults of a fixed operator in a shape, and accepts numbers', () => {
    const space = parseSpace(
      minimal('', undefined, '- leaky_relu(unary(x))\n  - leaky_relu(unary(x), 0.2)\n  - add(unary(x), 1)'),
      'demo.yaml',
    );
    expect(space.shapes.map((s) => s.label)).toEqual(['leaky_relu(unary(x),0.01)', 'leaky_relu(unary(x),0.2)', 'add(unary(x),1)']);
    expect(decode(space, [0, 1])).toEqual(call('leaky_relu', call('sin', X), constant(0.01)));
    expect(problems(minimal('', undefined, '- leaky_relu(unary(x), 1, 2)')).fields[0]?.message).toBe(
      "'leaky_relu' takes 1 to 2 arguments, got 3",
    );
  });

  it('refuses two operators with the same template, and slots with no operators', () => {
    expect(problems(minimal('', 'relu: max(x, 0)\n    max0: max(x,0)')).fields[0]).toMatchObject({ path: 'operators.unary.max0' });
    const noBinary = minimal('', undefined, '- binary(x, unary(x))').replace('    add: x1 + x2\n', '').replace('binary:\n', 'binary: {}\n');
    expect(problems(noBinary).fields[0]).toEqual({ path: 'shapes[0]', message: 'uses binary(…) but operators.binary is empty' });
  });

  it('refuses a bad id and a non-mapping document', () => {
    expect(problems(minimal().replace('id: demo', 'id: Demo Space')).fields[0]?.path).toBe('id');
    expect(problems('just text').fields[0]?.path).toBe('');
  });
});
