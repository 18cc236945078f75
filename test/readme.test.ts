// The README's generated sections equal what the code produces now.
import * as fs from 'fs';
import * as path from 'path';
import { readmeSections, replaceSections } from '../scripts/readme-sections';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

test('README.md\'s generated sections are up to date (run `npm run docs:readme` when this fails)', () => {
  expect(readme).toBe(replaceSections(readme, readmeSections()));
});

test('README.md gives the two commands a newcomer needs', () => {
  expect(readme).toContain('npm ci && npm run synth');
  expect(readme).toContain('npm test');
});
