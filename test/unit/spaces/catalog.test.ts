import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '@actsearch/core';
import { SpaceCatalog } from '@actsearch/spaces';
import { repoSpaceText } from './repo-spaces.ts';

describe('SpaceCatalog', () => {
  const sources = ['tiny', 'pangaea'].map((id) => ({ name: `${id}.yaml`, text: repoSpaceText(id) }));

  it('finds spaces by id, listed in id order', () => {
    const catalog = SpaceCatalog.fromSources(sources);
    expect(catalog.ids()).toEqual(['pangaea', 'tiny']);
    expect(catalog.get('tiny').title).toMatch(/small example/);
  });

  it('names the known ids when an id is unknown', () => {
    const catalog = SpaceCatalog.fromSources(sources);
    expect(() => catalog.get('pangea')).toThrow(NotFoundError);
    expect(() => catalog.get('pangea')).toThrow("no search space 'pangea' (known: pangaea, tiny)");
  });

  it('refuses two files declaring the same id, naming both', () => {
    const twice = [...sources, { name: 'copy.yaml', text: repoSpaceText('tiny') }];
    expect(() => SpaceCatalog.fromSources(twice)).toThrow(ValidationError);
    expect(() => SpaceCatalog.fromSources(twice)).toThrow(/'tiny' is declared by both tiny\.yaml and copy\.yaml/);
  });

  it('fails on the first invalid file with its name', () => {
    expect(() => SpaceCatalog.fromSources([...sources, { name: 'broken.yaml', text: 'id: broken\n' }])).toThrow(/^broken\.yaml:1: /);
  });
});
