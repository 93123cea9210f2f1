/** The registered subcommands, one module each. Add a line per new command. */
import type { Command } from 'commander';
import { register as check } from './check.ts';
import { register as wasm } from './wasm.ts';
import { register as build } from './build.ts';
import { register as evalCommand } from './eval.ts';
import { register as test } from './test.ts';
import { register as fuzz } from './fuzz.ts';
import { register as verify } from './verify.ts';
import { register as diff } from './diff.ts';

export type SetExit = (code: number) => void;
export type RegisterCommand = (program: Command, setExit: SetExit) => void;

export const commands: RegisterCommand[] = [check, wasm, build, evalCommand, test, fuzz, verify, diff];
