// npm run docs:readme: rewrites the generated sections of README.md (between `<!-- name:start -->` and
// `<!-- name:end -->`) from the code, so the README cannot drift from it. test/readme.test.ts checks them.
import * as fs from 'fs';
import * as path from 'path';
import { readmeSections, replaceSections } from './readme-sections';

const readme = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readme, replaceSections(fs.readFileSync(readme, 'utf-8'), readmeSections()));
