// Moved to src/io/stream.ts (issue 17: layers). This re-export keeps code written against the old path
// (branches in flight) compiling; import from src/io/stream.ts in new code. Remove once merged.
export * from '../../io/stream.ts';
