import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOpenApiValidators, loadOpenApiDocument } from '../../src/adapters/rest/openapi-validation';

const ROOT = path.resolve(__dirname, '..', '..');

describe('one schema, three uses', () => {
  it('the generated TypeScript types are up to date with openapi/openapi.yaml (run npm run gen:types)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gen-')), 'api.ts');
    // openapi-typescript is an ES module; its CLI is what `npm run gen:types` runs.
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
        path.join(ROOT, 'openapi', 'openapi.yaml'),
        '-o',
        out,
      ],
      { stdio: 'ignore' },
    );
    const generated = fs.readFileSync(out, 'utf8');
    const committed = fs.readFileSync(path.join(ROOT, 'src', 'generated', 'api.ts'), 'utf8');
    const normalise = (s: string) =>
      s
        .replace(/^\/\*\*[\s\S]*?\*\/\s*/, '')
        .replace(/\s+/g, ' ')
        .trim();
    expect(normalise(committed)).toBe(normalise(generated));
  });

  it('every operation with a request body carries an example that validates against its schema', () => {
    const doc = loadOpenApiDocument() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { $ref: string }; examples?: Record<string, { value: unknown }> }>;
            };
          }
        >
      >;
    };
    const validators = createOpenApiValidators();
    let checked = 0;
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const media = op.requestBody?.content['application/json'];
        if (!media) continue;
        const examples = Object.values(media.examples ?? {});
        expect({ operation: `${method} ${p}`, examples: examples.length }).toEqual({
          operation: `${method} ${p}`,
          examples: expect.any(Number),
        });
        expect(examples.length).toBeGreaterThan(0);
        const schema = media.schema.$ref.split('/').pop()!;
        for (const example of examples) {
          expect(validators.validate(schema, example.value)).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('every GET operation with parameters documents an example value', () => {
    const doc = loadOpenApiDocument() as {
      paths: Record<string, Record<string, { parameters?: { name: string; example?: unknown; in: string }[] }>>;
    };
    for (const ops of Object.values(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (method !== 'get') continue;
        for (const p of op.parameters ?? []) if (p.in === 'path') expect(p.example).toBeDefined();
      }
    }
  });
});
