// Moved to src/core/categories.ts (issue 17: layers). This re-export keeps code written against the old path
// (branches in flight) compiling; import from src/core/categories.ts in new code. Remove once merged.
export * from '../core/categories.ts';
