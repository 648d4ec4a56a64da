// The `treaty` command as a function (bin.ts calls it with the process's arguments; tests call it in-process).
import { defaultDeps } from './io.ts';
import { runCli } from './program.ts';

export async function main(argv: string[] = process.argv): Promise<number> {
  return runCli(argv, defaultDeps());
}
