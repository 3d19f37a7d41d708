// Moved to src/core/projection.ts (issue 17: layers). This re-export keeps code written against the old path
// (branches in flight) compiling; import from src/core/projection.ts in new code. Remove once merged.
export * from '../../core/projection.ts';
