#!/usr/bin/env node
// Runs the TypeScript CLI in this very process: tsx's loader is registered here, then main.ts is
// imported. No child process sits between the user and the CLI, so a signal sent to `actsearch`
// (Ctrl+C, kill, docker stop) reaches the code that handles it, once. The workspace needs no build
// step; see docs/operations.md for why this rather than compiled JavaScript.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main.ts', import.meta.url).href);
