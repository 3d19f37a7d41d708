// Types of the precompiled validator (scripts/build-validators.ts).
import type { ErrorObject } from 'ajv';

export interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
export declare const validate: PrecompiledValidator;
export default validate;
