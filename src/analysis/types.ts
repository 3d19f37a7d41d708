// Moved to src/core/types.ts (issue 17: layers). This re-export keeps code written against the old path
// (branches in flight) compiling; import from src/core/types.ts in new code. Remove once merged.
export * from '../core/types.ts';
