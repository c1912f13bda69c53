#!/usr/bin/env node
/// <reference types="node" />
// the `strata` command (rank 7): Node only; imports the public API (../index.js) and its own files
import { selectKernels, useKernels } from '../index.js';
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

// `strata predict … | head` closes the pipe early: end quietly instead of throwing EPIPE
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// a short-lived process: the WebAssembly SIMD kernels with tensors resident in their memory, js where they cannot load
useKernels(selectKernels({ prefer: 'wasm' }));

process.exitCode = await runCli(process.argv.slice(2), processIo());
