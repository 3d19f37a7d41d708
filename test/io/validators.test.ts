/**
 * The precompiled action-register validator (src/io/generated/, npm run validators):
 * up to date with the schema, and giving exactly Ajv's verdict and errors — Ajv compiling
 * the schema at run time is the reference here (in Node, where code generation is fine) —
 * on every shipped register and on many damaged ones.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/io/generated/actionRegisterValidator.js';
import { validatorSources } from '../../scripts/lib/validators.ts';

const schema = JSON.parse(readFileSync('schema/action-register.schema.json', 'utf8'));
const reference = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const registers = [
  'data/registers/barnet.json',
  'data/registers/haringey.json',
  'data/registers/harrow.json',
  'data/registers/havering.json',
  'data/demo/actions.json',
].map((p) => [p, JSON.parse(readFileSync(p, 'utf8'))] as const);

function verdict(v: typeof reference | typeof validate, data: unknown): unknown {
  const ok = v(data);
  return { ok, errors: (v.errors ?? []).map((e) => [e.instancePath, e.keyword, e.schemaPath, e.message, e.params]) };
}

describe('precompiled register validator', () => {
  it('is up to date with the schema (re-run npm run validators otherwise)', () => {
    for (const { path, code } of validatorSources()) expect(readFileSync(path, 'utf8') === code, path).toBe(true);
  });

  it('accepts every shipped register, as Ajv does', () => {
    for (const [p, r] of registers) {
      expect(validate(r), p).toBe(true);
      expect(verdict(validate, r)).toEqual(verdict(reference, r));
    }
  });

  it('gives Ajv’s verdict and errors on damaged registers (fields deleted, retyped, emptied; astral-plane strings)', () => {
    const values = fc.oneof(
      fc.constant(null),
      fc.constant(''),
      fc.constant('😀'),
      fc.constant('a😀'),
      fc.integer(),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
      fc.string(),
      fc.constant('synthetic'),
      fc.constant(['Burglary', 'Burglary']),
    );
    const damage = fc.record({
      reg: fc.integer({ min: 0, max: registers.length - 1 }),
      action: fc.nat(),
      field: fc.nat(),
      value: values,
      where: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(damage, ({ reg, action, field, value, where }) => {
        const r = structuredClone(registers[reg][1]) as Record<string, unknown> & {
          actions: Record<string, unknown>[];
          plan: Record<string, unknown>;
        };
        const target: Record<string, unknown> =
          where === 0 ? r : where === 1 ? r.plan : r.actions[action % r.actions.length];
        const keys = Object.keys(target);
        const key = where === 3 ? 'unexpected' : keys[field % keys.length];
        if (value === null && where !== 3) delete target[key];
        else target[key] = value;
        expect(verdict(validate, r)).toEqual(verdict(reference, r));
      }),
      { numRuns: 400, seed: 17 },
    );
  });
});
