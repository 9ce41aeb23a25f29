/** The SARIF 2.1.0 schema (test/fixtures/sarif/README.md says where it comes from), compiled once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ROOT } from '../helpers.js';

const uri = (s: string) => {
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
};
const uriReference = (s: string) => {
  if (/[\s\\]/.test(s)) return false;
  try {
    new URL(s, 'file:///base/');
    return true;
  } catch {
    return false;
  }
};

let compiled: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
  ajv.addFormat('uri', uri);
  ajv.addFormat('uri-reference', uriReference);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  compiled = ajv.compile(schema);
  return compiled;
}
