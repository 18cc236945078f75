import { valuesModel } from '../lib/todo-chatbot';
import { valuesTableOf } from '../lib/values-model';
import { consumerReadmeSection } from './api-docs';

/** The generated sections of README.md, by marker name. */
export function readmeSections(): Record<string, string> {
  return { 'values-table': valuesTableOf(valuesModel), consumer: consumerReadmeSection() };
}

/** `text` with each `<!-- name:start -->...<!-- name:end -->` section replaced; throws for a missing marker. */
export function replaceSections(text: string, sections: Record<string, string>): string {
  let result = text;
  for (const [name, body] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result)) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
    result = result.replace(pattern, (_match, start: string, end: string) => `${start}${body.endsWith('\n') ? body : `${body}\n`}${end}`);
  }
  return result;
}
